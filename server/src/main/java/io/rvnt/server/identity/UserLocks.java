package io.rvnt.server.identity;

import java.util.concurrent.locks.ReentrantLock;

/** Striped per-user locks: a fixed number, so memory does not grow with users. Two users may share a stripe. */
final class UserLocks {
  private final ReentrantLock[] stripes;

  UserLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(String username) {
    return stripes[Math.floorMod(username.hashCode(), stripes.length)];
  }
}

package io.rvnt.dht.rpc;

import io.rvnt.p2p.crypto.PeerId;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per peer: {@code burst} requests at once, refilled at {@code perSecond}. A peer over its rate has
 * its request refused; others are not affected. Idle peers are dropped by {@link #forgetIdle()}. Thread-safe.
 */
public final class PeerRateLimiter {

  private static final class Bucket {
    double tokens;
    long updatedMillis;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedMillis = now;
    }
  }

  private final int perSecond;
  private final int burst;
  private final Clock clock;
  private final Map<PeerId, Bucket> buckets = new ConcurrentHashMap<>();

  public PeerRateLimiter(int perSecond, int burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Takes one token of {@code peer}'s bucket; false if there is none. */
  public boolean tryAcquire(PeerId peer) {
    long now = clock.millis();
    Bucket b = buckets.computeIfAbsent(peer, p -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens < 1) {
        return false;
      }
      b.tokens -= 1;
      return true;
    }
  }

  /** Drops buckets that are full again: their peers have been quiet long enough to be forgotten. */
  public void forgetIdle() {
    long now = clock.millis();
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        refill(e.getValue(), now);
        return e.getValue().tokens >= burst;
      }
    });
  }

  int trackedPeers() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    if (now > b.updatedMillis) {
      b.tokens = Math.min(burst, b.tokens + (now - b.updatedMillis) * perSecond / 1000.0);
      b.updatedMillis = now;
    }
  }
}

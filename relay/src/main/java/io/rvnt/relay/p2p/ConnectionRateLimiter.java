package io.rvnt.relay.p2p;

import io.rvnt.daemon.ratelimit.KeyedRateLimiter;
import io.rvnt.p2p.core.Connection;
import java.time.Clock;

/**
 * A token bucket per connection (spec §8): {@code burst} requests at once, refilled at {@code perSecond}. Keyed by
 * the connection object itself, held in memory only, and dropped when the connection closes: nothing about a
 * connection outlives it. Thread-safe.
 */
final class ConnectionRateLimiter {

  private final KeyedRateLimiter<Connection> buckets;

  ConnectionRateLimiter(int perSecond, int burst, Clock clock) {
    this.buckets = new KeyedRateLimiter<>(perSecond, burst, clock);
  }

  /** Takes one token of the connection's bucket; false if there is none. */
  boolean tryAcquire(Connection connection) {
    return buckets.tryAcquire(connection, c -> c.closeFuture().whenComplete((v, e) -> buckets.forget(c)));
  }

  int trackedConnections() {
    return buckets.tracked();
  }
}

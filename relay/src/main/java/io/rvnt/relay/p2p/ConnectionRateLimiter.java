package io.rvnt.relay.p2p;

import io.rvnt.p2p.core.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per connection (spec §8): {@code burst} requests at once, refilled at {@code perSecond}. Keyed by
 * the connection object itself, held in memory only, and dropped when the connection closes: nothing about a
 * connection outlives it. Thread-safe.
 */
final class ConnectionRateLimiter {

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
  private final Map<Connection, Bucket> buckets = new ConcurrentHashMap<>();

  ConnectionRateLimiter(int perSecond, int burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Takes one token of the connection's bucket; false if there is none. */
  boolean tryAcquire(Connection connection) {
    long now = clock.millis();
    Bucket bucket = buckets.get(connection);
    if (bucket == null) {
      Bucket fresh = new Bucket(burst, now);
      bucket = buckets.putIfAbsent(connection, fresh);
      if (bucket == null) {
        bucket = fresh;
        connection.closeFuture().whenComplete((v, e) -> buckets.remove(connection));
      }
    }
    synchronized (bucket) {
      if (now > bucket.updatedMillis) {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedMillis) * perSecond / 1000.0);
        bucket.updatedMillis = now;
      }
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }

  int trackedConnections() {
    return buckets.size();
  }
}

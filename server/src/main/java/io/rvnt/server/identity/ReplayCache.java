package io.rvnt.server.identity;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the SHA-256 of the signed bytes of every accepted signed request for twice the timestamp window
 * (spec §5 step 6). Fixed capacity: when it is full of live entries it refuses to remember more, and the request is
 * refused with UNAVAILABLE rather than an old entry forgotten (fail closed). Entries are kept as the first 128 bits
 * of the digest. Thread-safe (guarded by this).
 */
final class ReplayCache {
  private final Clock clock;
  private final long ttlMillis;
  private final int capacity;
  // Guarded by this. Insertion order, which is expiry order as long as the clock does not go back.
  private final LinkedHashMap<Key, Long> expiries = new LinkedHashMap<>();

  ReplayCache(Clock clock, Duration timestampWindow, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.clock = clock;
    this.ttlMillis = timestampWindow.toMillis() * 2;
    this.capacity = capacity;
  }

  /** Remembers {@code digest}; false if it was already remembered (a replay). */
  synchronized boolean remember(byte[] digest) throws IdentityException {
    long now = clock.millis();
    Key key = Key.of(digest);
    Long expiry = expiries.get(key);
    if (expiry != null && expiry > now) {
      return false;
    }
    evictExpired(now);
    if (expiries.size() >= capacity) {
      long eldestExpiry = expiries.values().iterator().next();
      throw IdentityException.unavailable(
          "the server is busy with signed requests, try again later", (eldestExpiry - now + 999) / 1000);
    }
    expiries.remove(key);
    expiries.put(key, now + ttlMillis);
    return true;
  }

  synchronized int size() {
    return expiries.size();
  }

  private void evictExpired(long now) {
    Iterator<Map.Entry<Key, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() > now) {
        return;
      }
      it.remove();
    }
  }

  private record Key(long high, long low) {
    static Key of(byte[] digest) {
      ByteBuffer buffer = ByteBuffer.wrap(digest);
      return new Key(buffer.getLong(), buffer.getLong());
    }
  }
}

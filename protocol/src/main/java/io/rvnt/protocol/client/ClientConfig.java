package io.rvnt.protocol.client;

import io.rvnt.protocol.http.Defaults;
import java.time.Duration;

/**
 * The identity client's limits. {@code connectTimeout} bounds the TCP (and TLS) connection; {@code requestTimeout}
 * bounds a whole exchange, from sending to the last byte of the answer; {@code maxResponseBytes} is the largest
 * answer body read (a bundle with its 1184-byte PQ key is under 1.5 KiB; the default leaves room, as the server's
 * request limit does); {@code powThreads} is the number of threads solving proofs of work.
 */
public record ClientConfig(
    Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, int powThreads) {
  /** Over Tor a connection can take several seconds; the defaults allow for it. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_RESPONSE_BYTES = Defaults.MAX_BODY_BYTES;

  public ClientConfig {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    if (powThreads < 1) {
      throw new IllegalArgumentException("powThreads must be at least 1");
    }
  }

  public static ClientConfig defaults() {
    return new ClientConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
        Runtime.getRuntime().availableProcessors());
  }
}

package io.rvnt.protocol.client;

import io.rvnt.protocol.http.Defaults;
import java.time.Duration;

/**
 * The identity client's limits. {@code connectTimeout} bounds the TCP (and TLS) connection; {@code requestTimeout}
 * bounds a whole exchange, from sending to the last byte of the answer; {@code maxResponseBytes} is the largest
 * answer body read (a bundle with its 1184-byte PQ key is under 1.5 KiB; the default leaves room, as the server's
 * request limit does); {@code powThreads} is the number of threads solving proofs of work; {@code maxPowBits} is
 * the most work the client accepts to do for one request, so that a hostile or misconfigured server cannot keep it
 * busy for ever (each bit doubles the expected work).
 */
public record ClientConfig(
    Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, int powThreads, int maxPowBits) {
  /** Over Tor a connection can take several seconds; the defaults allow for it. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_RESPONSE_BYTES = Defaults.MAX_BODY_BYTES;
  /** 2^28 hashes: about 15 s on one core at 19 M hashes/s, 256 times the spec's registration default (§6.1). */
  public static final int DEFAULT_MAX_POW_BITS = 28;

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
    if (maxPowBits < 0 || maxPowBits > 256) {
      throw new IllegalArgumentException("maxPowBits must be between 0 and 256");
    }
  }

  public ClientConfig withPowThreads(int threads) {
    return new ClientConfig(connectTimeout, requestTimeout, maxResponseBytes, threads, maxPowBits);
  }

  public static ClientConfig defaults() {
    return new ClientConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
        Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_POW_BITS);
  }
}

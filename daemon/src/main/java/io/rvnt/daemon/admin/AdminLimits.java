package io.rvnt.daemon.admin;

import java.time.Duration;

/**
 * The admin listener's limits. It serves a scraper and an operator's console on loopback, so every limit is small.
 *
 * @param maxRequestBytes the longest request line, and the longest header block, each; admin requests are GETs and
 *     carry no body, so any body is refused ({@code 413}). Longer lines are {@code 414}, longer headers {@code 431};
 *     the connection is closed after either. Default 8 KiB: a browser's or curl's request fits many times.
 * @param idleTimeout a connection with no byte read or written for this long is closed. Default 30 s.
 * @param maxConnections open connections; over it, a new connection is closed at once. Default 16: Prometheus, a
 *     console and a few curls.
 * @param snapshotQueue scrapes waiting for the one snapshot worker; over it, {@code 503}. Default 16.
 */
public record AdminLimits(int maxRequestBytes, Duration idleTimeout, int maxConnections, int snapshotQueue) {

  public static final AdminLimits DEFAULTS = new AdminLimits(8_192, Duration.ofSeconds(30), 16, 16);

  public AdminLimits {
    if (maxRequestBytes < 64) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 64, not " + maxRequestBytes);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
    }
    if (snapshotQueue < 1) {
      throw new IllegalArgumentException("snapshotQueue must be positive, not " + snapshotQueue);
    }
  }
}

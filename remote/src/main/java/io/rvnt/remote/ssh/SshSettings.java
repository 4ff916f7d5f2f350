package io.rvnt.remote.ssh;

import java.time.Duration;

/**
 * Limits of an SSH connection.
 *
 * @param connectTimeout TCP connect and SSH handshake
 * @param commandTimeout longest a single remote command may run (a stop waits up to 30 s for the server to drain)
 * @param maxOutputBytes most bytes kept of a command's stdout and of its stderr; the rest is discarded
 */
public record SshSettings(Duration connectTimeout, Duration commandTimeout, int maxOutputBytes) {
  public static final SshSettings DEFAULTS = new SshSettings(Duration.ofSeconds(15), Duration.ofMinutes(5), 1 << 20);

  public SshSettings {
    if (connectTimeout.isNegative() || connectTimeout.isZero() || commandTimeout.isNegative()
        || commandTimeout.isZero() || maxOutputBytes < 1) {
      throw new IllegalArgumentException("timeouts and output limit must be positive");
    }
  }
}

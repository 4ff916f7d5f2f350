package io.rvnt.app.cluster;

import io.rvnt.app.CliException;
import io.rvnt.server.config.HostPort;
import picocli.CommandLine.Option;

/** The {@code --admin HOST:PORT} every {@code cluster} command asks: one member's admin listener. */
final class AdminAddress {
  @Option(names = "--admin", paramLabel = "HOST:PORT", required = true,
      description = "A member's admin listener (admin-listen), on loopback or through an SSH tunnel.")
  String admin;

  HostPort parse() {
    try {
      return HostPort.parse(admin);
    } catch (IllegalArgumentException e) {
      throw new CliException("--admin: expected HOST:PORT");
    }
  }
}

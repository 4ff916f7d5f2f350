package io.rvnt.remote.inventory;

import java.util.Locale;

/**
 * How services are run on a host. {@link #SYSTEMD} uses the shipped units; {@link #PLAIN} is for hosts without
 * systemd (containers, the tests): packaging/bin/rvnt-service runs the service under setsid with its pid and output
 * in ROOT/run/rvnt, with the same start, stop, restart, status and errors commands.
 */
public enum ServiceMode {
  SYSTEMD,
  PLAIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ServiceMode parse(String label) {
    for (ServiceMode mode : values()) {
      if (mode.label().equals(label)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown service mode '" + label + "' (systemd or plain)");
  }
}

package io.rvnt.tor;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One onion service of the network's service tor: its name (the folder of its keys and {@code hostname}), the port
 * clients connect to, and its torrc lines after {@code HiddenServiceDir}, which the network writes itself.
 */
public record OnionService(String name, int virtualPort, List<String> lines) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public OnionService {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an onion service name is a lowercase letter, then up to 31 of a-z 0-9 -");
    }
    if (virtualPort < 1 || virtualPort > 65_535) {
      throw new IllegalArgumentException("virtualPort must be 1 to 65535");
    }
    lines = List.copyOf(lines);
  }

  /**
   * The identity server's onion service exactly as operators deploy it ({@code packaging/tor/rvnt-onion.torrc}),
   * pointed at {@code 127.0.0.1:targetPort} instead of the production listener.
   */
  public static OnionService identity(int targetPort) {
    ShippedOnionLines shipped = ShippedOnionLines.load();
    return new OnionService("identity", shipped.virtualPort(), shipped.linesFor(targetPort));
  }

  /** A plain TCP onion service: {@code virtualPort} forwarded to {@code 127.0.0.1:targetPort}, no PROXY header. */
  public static OnionService plain(String name, int virtualPort, int targetPort) {
    return new OnionService(name, virtualPort, List.of(
        "HiddenServiceVersion 3",
        "HiddenServicePort " + virtualPort + " 127.0.0.1:" + targetPort));
  }
}

package io.rvnt.operator.sandbox;

import io.rvnt.operator.instances.Endpoint;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the endpoint announcements every rvnt server prints once bound: {@code identity server listening on URL},
 * {@code admin listening on URL}, and the bootstrap node's {@code listening on MULTIADDR/p2p/PEERID}.
 */
final class ListeningLine {
  private static final Pattern LINE = Pattern.compile("^(?:(.*?) )?listening on (\\S+)$");

  private ListeningLine() {}

  static Optional<Endpoint> parse(String line) {
    Matcher matcher = LINE.matcher(line.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String label = matcher.group(1);
    String address = matcher.group(2);
    if (label == null || label.isBlank()) {
      label = address.startsWith("/") ? "p2p" : "api";
    } else if (label.endsWith("server")) {
      label = "api";
    }
    return Optional.of(new Endpoint(label.strip(), address));
  }
}

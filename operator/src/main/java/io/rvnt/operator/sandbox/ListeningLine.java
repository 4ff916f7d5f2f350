package io.rvnt.operator.sandbox;

import io.rvnt.operator.instances.Endpoint;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the endpoint announcements every rvnt server prints once bound: {@code identity server listening on URL},
 * {@code admin listening on URL}, and the bootstrap node's {@code listening on MULTIADDR/p2p/PEERID} and
 * {@code admin listener on URL/metrics}.
 */
final class ListeningLine {
  private static final Pattern LINE = Pattern.compile("^(?:(.*?) )?(?:listening|listener) on (\\S+)$");
  /** The bootstrap node names its admin listener by its metrics URL; the base URL is what pollers need. */
  private static final String METRICS_SUFFIX = "/metrics";

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
    } else if (label.equals(Endpoint.ADMIN) && address.endsWith(METRICS_SUFFIX)) {
      address = address.substring(0, address.length() - METRICS_SUFFIX.length());
    }
    return Optional.of(new Endpoint(label.strip(), address));
  }
}

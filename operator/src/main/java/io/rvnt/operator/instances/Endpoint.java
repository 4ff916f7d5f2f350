package io.rvnt.operator.instances;

import java.util.Objects;

/**
 * One address an instance announced with a {@code "<label> listening on <address>"} line: {@code api},
 * {@code admin}, or {@code p2p} for a libp2p multiaddr. Operator addresses only, never a user's.
 */
public record Endpoint(String label, String address) {
  public static final String ADMIN = "admin";

  public Endpoint {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(address, "address");
  }

  @Override
  public String toString() {
    return label + " " + address;
  }
}

package io.rvnt.remote.inventory;

import java.util.Locale;

/**
 * What a host runs (server architecture, "Infrastructure Summary"): two identity servers, three bootstrap nodes, and
 * relays (issue 14).
 */
public enum Role {
  /** The identity server that DNS points at. */
  IDENTITY_ACTIVE("identity"),
  /** The failover identity server: same service, kept running and deployed in step. */
  IDENTITY_PASSIVE("identity"),
  /** A Kademlia bootstrap node. */
  BOOTSTRAP("bootstrap"),
  /** A relay: encrypted store-and-forward for offline recipients (docs/relay.md). */
  RELAY("relay");

  private final String service;

  Role(String service) {
    this.service = service;
  }

  /** The service the host runs: {@code identity}, {@code bootstrap} or {@code relay} (rvnt-service, install.sh --role). */
  public String service() {
    return service;
  }

  /** The inventory spelling: {@code identity-active}, {@code identity-passive}, {@code bootstrap}, {@code relay}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Role parse(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + label + "' (identity-active, identity-passive, bootstrap or "
        + "relay)");
  }
}

package io.rvnt.remote.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a host runs (server architecture, "Infrastructure Summary"): two identity servers and the witness that makes
 * them a three-member cluster (docs/cluster.md), three bootstrap nodes, and relays (issue 14).
 * Each inventory role runs one service of packaging/roles.conf, the table install.sh, rvnt-service and rvnt-ufw.sh
 * read; packaging's RolesTableIT holds the service names, config files, admin ports and health paths here to that
 * table, so adding a role is a line there and a constant here.
 */
public enum Role {
  /** The identity server that DNS points at. */
  IDENTITY_ACTIVE("identity", "/etc/rvnt/identity.conf", 9090),
  /** The failover identity server: same service, kept running and deployed in step. */
  IDENTITY_PASSIVE("identity", "/etc/rvnt/identity.conf", 9090),
  /**
   * The identity cluster's third voter (docs/cluster.md): the same server with the witness role, which serves no
   * client (no nginx, no onion service) and opens only its Raft port, to the other members.
   */
  IDENTITY_WITNESS("identity-witness", "/etc/rvnt/identity-witness.conf", 9090),
  /** A Kademlia bootstrap node. */
  BOOTSTRAP("bootstrap", "/etc/rvnt/bootstrap.conf", 9091),
  /** A relay: encrypted store-and-forward for offline recipients (docs/relay.md). */
  RELAY("relay", "/etc/rvnt/relay.conf", 9092);

  /** Every service answers 200 here on its admin listener when healthy (the daemon module's admin listener). */
  private static final String HEALTH_PATH = "/health";

  private final String service;
  private final String config;
  private final int adminPort;

  Role(String service, String config, int adminPort) {
    this.service = service;
    this.config = config;
    this.adminPort = adminPort;
  }

  /** The service the host runs: its row in roles.conf ({@code install.sh --role}, {@code rvnt-service}). */
  public String service() {
    return service;
  }

  /** The service's config file on a host under root {@code /} (roles.conf's config column). */
  public String config() {
    return config;
  }

  /**
   * Whether a host of this role may be a member of the identity cluster (docs/cluster.md): an identity server is one
   * when its config has the {@code cluster-*} keys, the witness always; {@code rvnt remote deploy} upgrades members
   * one at a time.
   */
  public boolean identityServer() {
    return this == IDENTITY_ACTIVE || this == IDENTITY_PASSIVE || this == IDENTITY_WITNESS;
  }

  /** The loopback port of the service's admin listener in its shipped config (roles.conf's admin column). */
  public int defaultAdminPort() {
    return adminPort;
  }

  /** The admin path a deploy and {@code rvnt remote health} ask (roles.conf's health column). */
  public String healthPath() {
    return HEALTH_PATH;
  }

  /**
   * The inventory spelling: {@code identity-active}, {@code identity-passive}, {@code identity-witness},
   * {@code bootstrap}, {@code relay}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The labels, for messages: "identity-active, identity-passive, identity-witness, bootstrap or relay". */
  public static String labels() {
    String all = Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
  }

  public static Role parse(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + label + "' (" + labels() + ")");
  }
}

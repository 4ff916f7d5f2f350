package io.rvnt.console.hosts;

/** One line of the Hosts table, ready to show: the inventory's fields and whether the console watches the host. */
public record HostRow(String name, String address, int port, String user, String role, String fingerprint,
    String watching) {}

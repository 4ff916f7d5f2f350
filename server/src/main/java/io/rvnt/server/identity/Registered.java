package io.rvnt.server.identity;

/** The answer to a registration (spec §7.1). */
public record Registered(long registeredAtMs, int oneTimePreKeyCount) {}

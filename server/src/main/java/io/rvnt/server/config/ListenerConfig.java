package io.rvnt.server.config;

/** One API listener: where it binds and whether connections start with a PROXY header (spec §8). */
public record ListenerConfig(String name, HostPort address, ProxyProtocolMode proxyProtocol) {}

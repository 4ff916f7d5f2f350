package io.rvnt.server.config;

/** Whether a listener expects a PROXY protocol header (v1 or v2) at the start of each connection (spec §8). */
public enum ProxyProtocolMode {
  /** Never decoded: every connection is under the shared {@code direct} policy. */
  OFF,
  /** Decoded when present (Tor's onion service sends one, the local nginx does not). */
  OPTIONAL,
  /** A connection without one is answered {@code 400 PROXY_HEADER_REQUIRED} and closed. */
  REQUIRED
}

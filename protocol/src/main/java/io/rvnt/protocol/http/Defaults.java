package io.rvnt.protocol.http;

import java.time.Duration;

/**
 * The default limits of the identity protocol, each from the spec section named beside it. Servers make every one
 * configurable; clients read the ones that concern them from {@code GET /v1/params} (spec §7.6).
 */
public final class Defaults {
  /** Spec §7.6: {@code ServerParams.protocol_version}. */
  public static final String PROTOCOL_VERSION = "rvnt-identity/2";

  /** Spec §6.1: registration difficulty, about a million hashes. */
  public static final int REGISTER_POW_BITS = 20;
  /** Spec §6.1: difficulty of the other writes. */
  public static final int WRITE_POW_BITS = 16;
  /** Spec §5 and §9: accepted clock difference for signed requests (±). */
  public static final Duration TIMESTAMP_WINDOW = Duration.ofSeconds(60);
  /** Spec §5: capacity of the replay cache, which remembers accepted requests for twice the window. */
  public static final int REPLAY_CACHE_CAPACITY = 262_144;

  /** Spec §7.1, §7.3, §9: one-time prekeys per registration or upload. */
  public static final int MAX_PREKEYS_PER_UPLOAD = 100;
  /** Spec §7.3, §9: one-time prekeys stored per user. */
  public static final int MAX_STORED_PREKEYS = 500;

  /** Spec §9: request body. */
  public static final int MAX_BODY_BYTES = 32_768;
  /** Spec §9: request line. */
  public static final int MAX_REQUEST_LINE_BYTES = 1_024;
  /** Spec §9: all headers together. */
  public static final int MAX_HEADER_BYTES = 8_192;
  /** Spec §9: time to receive a whole request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Spec §9: idle keep-alive connection. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Spec §9: concurrent connections per listener. */
  public static final int MAX_CONNECTIONS = 10_000;
  /** Spec §9: pipelined requests waiting behind the one in progress on a connection. */
  public static final int MAX_PIPELINED_REQUESTS = 16;

  /** Spec §8: requests per minute per Tor circuit, all endpoints together. */
  public static final int CIRCUIT_REQUESTS_PER_MINUTE = 30;
  /** Spec §8: registrations per minute per Tor circuit, in addition. */
  public static final int CIRCUIT_REGISTRATIONS_PER_MINUTE = 5;
  /** Spec §8: requests per minute of the shared {@code direct} bucket (no PROXY header, or not from Tor). */
  public static final int DIRECT_REQUESTS_PER_MINUTE = 600;
  /** Spec §8: registrations per minute of the shared {@code direct} bucket. */
  public static final int DIRECT_REGISTRATIONS_PER_MINUTE = 60;
  /** Spec §8: circuits the rate limiter tracks before new ones share the overflow bucket. */
  public static final int LIMITER_CAPACITY = 65_536;

  private Defaults() {}
}

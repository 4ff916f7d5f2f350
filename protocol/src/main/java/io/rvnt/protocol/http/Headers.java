package io.rvnt.protocol.http;

/** The HTTP header names and content type of the identity protocol (spec §2, §5, §6). */
public final class Headers {
  /** Spec §5. */
  public static final String USERNAME = "X-RVNT-Username";
  /** Spec §5: milliseconds since the epoch, decimal, no sign, no leading zeros. */
  public static final String TIMESTAMP = "X-RVNT-Timestamp";
  /** Spec §5: the Ed25519 signature in standard padded base64 (88 characters). */
  public static final String SIGNATURE = "X-RVNT-Signature";
  /** Spec §6.1: {@code SEED:EFFORT:NONCE}, see {@link io.rvnt.protocol.pow.PowProof}. */
  public static final String POW = "X-RVNT-PoW";
  /** Spec §2. */
  public static final String CONTENT_TYPE_PROTOBUF = "application/x-protobuf";

  private Headers() {}
}

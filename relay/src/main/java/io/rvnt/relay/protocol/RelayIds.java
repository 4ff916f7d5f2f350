package io.rvnt.relay.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identifiers of spec §4: every one a 16-byte truncation of SHA-256 or HMAC-SHA256 over a labelled input, so
 * that none can be enumerated and none links to another without the secret it comes from. {@code relayPeerId} is
 * the relay's binary PeerId (a multihash, hence self-delimiting).
 */
public final class RelayIds {

  /** Length of every id of the protocol: mailbox, deposit and envelope ids. */
  public static final int ID_BYTES = 16;
  public static final int DEPOSIT_SECRET_BYTES = 32;

  static final byte[] MAILBOX_LABEL = "rvnt-relay/1 mailbox".getBytes(US_ASCII);
  static final byte[] DEPOSIT_LABEL = "rvnt-relay/1 deposit".getBytes(US_ASCII);
  static final byte[] ENVELOPE_LABEL = "rvnt-relay/1 envelope".getBytes(US_ASCII);
  static final byte[] POW_CREATE_LABEL = "rvnt-relay/1 pow-create".getBytes(US_ASCII);

  private RelayIds() {}

  /** Spec §4.2: {@code trunc16(SHA-256("rvnt-relay/1 mailbox" || 0x00 || public_key))}. */
  public static byte[] mailboxId(byte[] publicKey) {
    MessageDigest sha256 = sha256();
    sha256.update(MAILBOX_LABEL);
    sha256.update((byte) 0);
    sha256.update(publicKey);
    return Arrays.copyOf(sha256.digest(), ID_BYTES);
  }

  /**
   * Spec §4.5: {@code trunc16(HMAC-SHA256(secret, "rvnt-relay/1 deposit" || 0x00 || relay_peer_id || u32be(day)))},
   * where {@code secret} is the 32-byte secret the recipient shares with one contact, for that contact's messages.
   */
  public static byte[] depositId(byte[] secret, byte[] relayPeerId, int day) {
    if (secret.length != DEPOSIT_SECRET_BYTES) {
      throw new IllegalArgumentException("a deposit secret is " + DEPOSIT_SECRET_BYTES + " bytes");
    }
    return Arrays.copyOf(hmacSha256(secret, DEPOSIT_LABEL, new byte[] {0}, relayPeerId, u32be(day)), ID_BYTES);
  }

  /** HMAC-SHA256 (RFC 2104) of the concatenated {@code parts} under {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        hmac.update(part);
      }
      return hmac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("every JDK provides HmacSHA256", e);
    }
  }

  /** Spec §4.3: {@code trunc16(SHA-256("rvnt-relay/1 envelope" || 0x00 || blob))}. */
  public static byte[] envelopeId(byte[] blob) {
    MessageDigest sha256 = sha256();
    sha256.update(ENVELOPE_LABEL);
    sha256.update((byte) 0);
    sha256.update(blob);
    return Arrays.copyOf(sha256.digest(), ID_BYTES);
  }

  /**
   * Spec §5.3: the proof-of-work challenge of a mailbox creation,
   * {@code SHA-256("rvnt-relay/1 pow-create" || 0x00 || relay_peer_id || public_key)}, solved as the identity
   * protocol's proof of work ({@link io.rvnt.protocol.pow.ProofOfWork#hash}).
   */
  public static byte[] createPowChallenge(byte[] relayPeerId, byte[] publicKey) {
    MessageDigest sha256 = sha256();
    sha256.update(POW_CREATE_LABEL);
    sha256.update((byte) 0);
    sha256.update(relayPeerId);
    sha256.update(publicKey);
    return sha256.digest();
  }

  static byte[] u32be(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }
}

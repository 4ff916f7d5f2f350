package io.rvnt.protocol.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The exact bytes the identity key signs: prekeys (spec §4) and requests (spec §5). */
public final class SignedBytes {
  static final byte[] SIGNED_PREKEY_LABEL = "rvnt-identity/1 signed-prekey".getBytes(UTF_8);
  static final byte[] PQ_PREKEY_LABEL = "rvnt-identity/1 pq-prekey".getBytes(UTF_8);
  static final String REQUEST_LABEL = "rvnt-identity/1 request";

  private SignedBytes() {}

  /** {@code "rvnt-identity/1 signed-prekey" || 0x00 || u32be(id) || public_key}. */
  public static byte[] signedPreKey(int id, byte[] publicKey) {
    return preKey(SIGNED_PREKEY_LABEL, id, publicKey);
  }

  /** {@code "rvnt-identity/1 pq-prekey" || 0x00 || u32be(id) || public_key}. */
  public static byte[] pqPreKey(int id, byte[] publicKey) {
    return preKey(PQ_PREKEY_LABEL, id, publicKey);
  }

  /**
   * The five lines of spec §5 after the fixed first line, joined by {@code \n}, without a trailing newline. The
   * last line is the lowercase hex SHA-256 of the body.
   */
  public static byte[] request(String method, String path, String username, String timestamp, byte[] body) {
    String text = REQUEST_LABEL + '\n' + method + '\n' + path + '\n' + username + '\n' + timestamp + '\n'
        + HexFormat.of().formatHex(sha256(body));
    return text.getBytes(UTF_8);
  }

  private static byte[] preKey(byte[] label, int id, byte[] publicKey) {
    return ByteBuffer.allocate(label.length + 1 + 4 + publicKey.length)
        .put(label)
        .put((byte) 0)
        .putInt(id)
        .put(publicKey)
        .array();
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }
}

package io.rvnt.p2p.crypto;

import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.multiformats.UnsignedVarint;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The libp2p key messages {@code PublicKey} and {@code PrivateKey} ({@code required KeyType Type = 1; required
 * bytes Data = 2;}), encoded by hand because the peer-ids spec demands one deterministic encoding (fields in order,
 * minimal varints, no other fields), which a PeerId depends on.
 */
final class KeyProtobuf {

  /** Largest key message accepted; an RSA-4096 public key is about 550 bytes, an Ed25519 one 36. */
  static final int MAX_KEY_MESSAGE = 2048;

  record Decoded(KeyType type, byte[] data) {}

  private KeyProtobuf() {}

  static byte[] encode(KeyType type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 4);
    out.write(0x08); // field 1, varint
    out.writeBytes(UnsignedVarint.encode(type.number()));
    out.write(0x12); // field 2, length-delimited
    out.writeBytes(UnsignedVarint.encode(data.length));
    out.writeBytes(data);
    return out.toByteArray();
  }

  static Decoded decode(byte[] message) {
    if (message.length > MAX_KEY_MESSAGE) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "key message too long");
    }
    try {
      int offset = 0;
      Long type = null;
      byte[] data = null;
      while (offset < message.length) {
        long[] tag = UnsignedVarint.decode(message, offset);
        offset += (int) tag[1];
        if (tag[0] == 0x08 && type == null && data == null) {
          long[] value = UnsignedVarint.decode(message, offset);
          offset += (int) value[1];
          type = value[0];
        } else if (tag[0] == 0x12 && type != null && data == null) {
          long[] length = UnsignedVarint.decode(message, offset);
          offset += (int) length[1];
          if (length[0] > message.length - offset) {
            throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "truncated key data");
          }
          data = Arrays.copyOfRange(message, offset, offset + (int) length[0]);
          offset += (int) length[0];
        } else {
          throw new CryptoException(
              CryptoException.Reason.MALFORMED_KEY, "unexpected, repeated or out-of-order field");
        }
      }
      if (type == null || data == null) {
        throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "missing Type or Data");
      }
      return new Decoded(KeyType.ofNumber(type), data);
    } catch (MultiformatException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "bad varint in key message", e);
    }
  }
}

package io.rvnt.p2p.multiformats;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * CID version 1 ({@code <multibase prefix><varint 1><varint codec><multihash>}), as far as libp2p needs it: the
 * PeerId spec's CID form uses the {@code libp2p-key} codec (0x72) and usually base32 ({@code b}).
 */
public record Cid(long codec, Multihash multihash) {

  /** Multicodec code of {@code libp2p-key}, the only codec a PeerId CID may carry. */
  public static final long LIBP2P_KEY = 0x72;

  /** Parses the text form; accepts the multibase prefixes {@code b} (base32) and {@code z} (base58btc). */
  public static Cid parse(String text) {
    if (text.length() < 2) {
      throw new MultiformatException(MultiformatException.Reason.BAD_TEXT, "too short for a CID");
    }
    byte[] bytes =
        switch (text.charAt(0)) {
          case 'b' -> Base32.decode(text.substring(1));
          case 'z' -> Base58.decode(text.substring(1));
          default -> throw new MultiformatException(
              MultiformatException.Reason.UNSUPPORTED_CID, "unsupported multibase prefix");
        };
    return decode(bytes);
  }

  public static Cid decode(byte[] bytes) {
    long[] version = UnsignedVarint.decode(bytes, 0);
    if (version[0] != 1) {
      throw new MultiformatException(MultiformatException.Reason.UNSUPPORTED_CID, "only CIDv1 is supported");
    }
    long[] codec = UnsignedVarint.decode(bytes, (int) version[1]);
    int offset = (int) (version[1] + codec[1]);
    return new Cid(codec[0], Multihash.decode(Arrays.copyOfRange(bytes, offset, bytes.length)));
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UnsignedVarint.write(1, out);
    UnsignedVarint.write(codec, out);
    out.writeBytes(multihash.bytes());
    return out.toByteArray();
  }

  /** The base32 text form, multibase prefix {@code b}. */
  @Override
  public String toString() {
    return "b" + Base32.encode(bytes());
  }
}

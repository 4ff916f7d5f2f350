package io.rvnt.p2p.multiformats;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/**
 * The unsigned varint of the multiformats unsigned-varint spec: 7 bits per byte, least significant group first,
 * at most 9 bytes (63 bits), and minimally encoded (no trailing zero group), since anything else lets two encodings
 * stand for one value.
 */
public final class UnsignedVarint {

  /** The spec's limit: "the maximum size of a varint is 9 bytes" (63 bits of value). */
  public static final int MAX_BYTES = 9;

  /** Value returned by {@link #decode(ByteBuf)} when the varint is not complete yet. */
  public static final long INCOMPLETE = -1;

  private UnsignedVarint() {}

  public static int encodedLength(long value) {
    requireUnsigned(value);
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    int i = 0;
    while ((value & ~0x7FL) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i] = (byte) value;
    return out;
  }

  public static void write(long value, ByteBuf out) {
    requireUnsigned(value);
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static void write(long value, ByteArrayOutputStream out) {
    out.writeBytes(encode(value));
  }

  /**
   * Reads one varint from {@code in}. Returns {@link #INCOMPLETE} and leaves the reader index untouched when the
   * buffer ends inside the varint; otherwise advances past it.
   *
   * @throws MultiformatException when the varint is longer than 9 bytes or not minimal
   */
  public static long decode(ByteBuf in) {
    long value = 0;
    int start = in.readerIndex();
    int available = in.readableBytes();
    for (int i = 0; i < MAX_BYTES; i++) {
      if (i >= available) {
        return INCOMPLETE;
      }
      int b = in.getUnsignedByte(start + i);
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MultiformatException(MultiformatException.Reason.VARINT_NOT_MINIMAL, "trailing zero group");
        }
        in.readerIndex(start + i + 1);
        return value;
      }
    }
    throw new MultiformatException(MultiformatException.Reason.VARINT_TOO_LONG, "more than 9 bytes");
  }

  /** Decodes a varint at {@code offset}; returns {value, bytes consumed}. Throws on incomplete input. */
  public static long[] decode(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= in.length) {
        throw new MultiformatException(MultiformatException.Reason.TRUNCATED, "input ends inside a varint");
      }
      int b = in[offset + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MultiformatException(MultiformatException.Reason.VARINT_NOT_MINIMAL, "trailing zero group");
        }
        return new long[] {value, i + 1};
      }
    }
    throw new MultiformatException(MultiformatException.Reason.VARINT_TOO_LONG, "more than 9 bytes");
  }

  private static void requireUnsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned varints carry at most 63 bits: " + value);
    }
  }
}

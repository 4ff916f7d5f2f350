package io.rvnt.p2p.multiformats;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Cuts unsigned-varint length-prefixed messages (the framing of identify, Kademlia and most libp2p protocols) out
 * of a stream's data, refusing any message longer than {@code maxMessage} before buffering it. Not thread-safe;
 * {@link #release()} when done.
 */
public final class LengthPrefixedReader {

  private final int maxMessage;
  private final CompositeByteBuf buffer;

  public LengthPrefixedReader(ByteBufAllocator alloc, int maxMessage) {
    this.maxMessage = maxMessage;
    this.buffer = alloc.compositeBuffer();
  }

  /** Takes ownership of {@code data}. */
  public void add(ByteBuf data) {
    buffer.addComponent(true, data);
  }

  /**
   * The next complete message, or null. Copied out: a slice of the composite buffer would not survive discarding
   * what was read, and messages are small by limit.
   *
   * @throws MultiformatException TOO_LONG beyond the limit, or a malformed length varint
   */
  public byte[] next() {
    int start = buffer.readerIndex();
    long length = UnsignedVarint.decode(buffer);
    if (length == UnsignedVarint.INCOMPLETE) {
      return null;
    }
    if (length > maxMessage) {
      throw new MultiformatException(MultiformatException.Reason.TOO_LONG, "message above " + maxMessage + " bytes");
    }
    if (buffer.readableBytes() < length) {
      buffer.readerIndex(start);
      return null;
    }
    byte[] message = new byte[(int) length];
    buffer.readBytes(message);
    buffer.discardReadComponents();
    return message;
  }

  /** Bytes received and not yet returned as a message. */
  public int pending() {
    return buffer.readableBytes();
  }

  public void release() {
    if (buffer.refCnt() > 0) {
      buffer.release();
    }
  }

  public static ByteBuf frame(ByteBufAllocator alloc, byte[] message) {
    ByteBuf out = alloc.buffer(message.length + 5);
    UnsignedVarint.write(message.length, out);
    out.writeBytes(message);
    return out;
  }
}

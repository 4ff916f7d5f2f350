package io.rvnt.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.multiformats.UnsignedVarint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The multistream-select 1.0 message codec: {@code <varint length><utf-8 text>\n}, length counting the newline.
 */
public final class Multistream {

  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  public static final String NA = "na";
  public static final String LS = "ls";

  /**
   * How many proposals a responder answers on one stream before giving up; the negotiation timeout bounds the
   * time, this bounds the work. js-libp2p proposes each protocol once, so a handful is the honest maximum.
   */
  public static final int MAX_PROPOSALS = 32;

  private Multistream() {}

  public static void writeMessage(ByteBuf out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    UnsignedVarint.write(bytes.length + 1L, out);
    out.writeBytes(bytes);
    out.writeByte('\n');
  }

  public static ByteBuf message(ByteBufAllocator alloc, String... texts) {
    ByteBuf out = alloc.buffer();
    for (String t : texts) {
      writeMessage(out, t);
    }
    return out;
  }

  /**
   * Reads one message, or returns null (consuming nothing) when it is not complete yet.
   *
   * @throws P2pException PROTOCOL_VIOLATION on a malformed length, a missing newline or bad UTF-8,
   *     MESSAGE_TOO_LARGE beyond {@code maxLength}
   */
  public static String readMessage(ByteBuf in, int maxLength) {
    int start = in.readerIndex();
    long length;
    try {
      length = UnsignedVarint.decode(in);
    } catch (MultiformatException e) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: bad length varint", e);
    }
    if (length == UnsignedVarint.INCOMPLETE) {
      return null;
    }
    if (length > maxLength) {
      throw new P2pException(P2pException.Reason.MESSAGE_TOO_LARGE, "multistream message above " + maxLength);
    }
    if (length < 1) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: empty message");
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    int textLength = (int) length - 1;
    if (in.getByte(in.readerIndex() + textLength) != '\n') {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: message without newline");
    }
    byte[] bytes = new byte[textLength];
    in.readBytes(bytes);
    in.skipBytes(1);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) || text.indexOf('\n') >= 0) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: bad text");
    }
    return text;
  }
}

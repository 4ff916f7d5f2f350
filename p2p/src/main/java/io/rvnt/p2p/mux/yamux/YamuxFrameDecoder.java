package io.rvnt.p2p.mux.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rvnt.p2p.core.P2pException;
import java.util.List;

/**
 * Splits the byte stream into {@link YamuxFrame}s. Rejects an unknown version or type, and a data frame longer than
 * {@code maxDataLength}: no data frame may exceed the receive window, which this implementation never grows past
 * the spec's initial 256 KiB.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {

  private final int maxDataLength;

  YamuxFrameDecoder(int maxDataLength) {
    this.maxDataLength = maxDataLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= YamuxFrame.HEADER) {
      int start = in.readerIndex();
      int version = in.getUnsignedByte(start);
      int type = in.getUnsignedByte(start + 1);
      int flags = in.getUnsignedShort(start + 2);
      int streamId = in.getInt(start + 4);
      long length = in.getUnsignedInt(start + 8);
      if (version != YamuxFrame.VERSION) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: unknown version " + version);
      }
      if (type > YamuxFrame.GO_AWAY) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "yamux: unknown frame type " + type);
      }
      if (type != YamuxFrame.DATA) {
        in.skipBytes(YamuxFrame.HEADER);
        out.add(new YamuxFrame(type, flags, streamId, length, null));
        continue;
      }
      if (length > maxDataLength) {
        throw new P2pException(P2pException.Reason.MESSAGE_TOO_LARGE, "yamux: data frame beyond the window");
      }
      if (in.readableBytes() < YamuxFrame.HEADER + length) {
        return;
      }
      in.skipBytes(YamuxFrame.HEADER);
      out.add(new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length)));
    }
  }
}

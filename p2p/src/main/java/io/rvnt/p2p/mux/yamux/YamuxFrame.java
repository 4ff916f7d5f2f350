package io.rvnt.p2p.mux.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCounted;

/**
 * One yamux frame (yamux spec, "Framing"): a 12-byte header (version 0, type, flags, stream id, length) and, for
 * data frames, {@code length} bytes of payload. For window updates the length is the window delta, for pings the
 * opaque value, for go-away the error code.
 */
record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {

  static final int HEADER = 12;
  static final int VERSION = 0;

  static final int DATA = 0;
  static final int WINDOW_UPDATE = 1;
  static final int PING = 2;
  static final int GO_AWAY = 3;

  static final int SYN = 1;
  static final int ACK = 2;
  static final int FIN = 4;
  static final int RST = 8;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;
  static final int GO_AWAY_INTERNAL_ERROR = 2;

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  void release() {
    if (data != null) {
      ((ReferenceCounted) data).release();
    }
  }

  static ByteBuf header(ByteBufAllocator alloc, int type, int flags, int streamId, long length) {
    ByteBuf out = alloc.buffer(HEADER);
    out.writeByte(VERSION);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
    return out;
  }
}

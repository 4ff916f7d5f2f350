package io.rvnt.p2p.core;

import io.netty.buffer.ByteBuf;

/**
 * Receives the events of one stream, always on the stream's {@link MuxedStream#executor()}, one at a time and in
 * order: any number of {@link #onData}, at most one {@link #onRemoteClosed}, then exactly one {@link #onClosed}.
 */
public interface StreamHandler {

  /** Bytes from the remote. The handler owns {@code data} and must release it. */
  void onData(ByteBuf data);

  /** The remote closed its writing half (yamux FIN, QUIC stream FIN): no more data will arrive. */
  default void onRemoteClosed() {}

  /**
   * The stream is over: both halves closed ({@code cause} null), or reset by either side, or its connection went
   * away ({@code cause} a {@link P2pException}).
   */
  default void onClosed(Throwable cause) {}
}

package io.rvnt.p2p.transport.quic;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;

/**
 * Accepts connections without a Retry round trip (RFC 9000 §8.1): QUIC's anti-amplification limit already bounds what
 * an unvalidated address gets, and a Retry token that is not cryptographically protected would add nothing.
 */
final class NoRetryTokenHandler implements QuicTokenHandler {

  static final NoRetryTokenHandler INSTANCE = new NoRetryTokenHandler();

  private NoRetryTokenHandler() {}

  @Override
  public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
    return false;
  }

  @Override
  public int validateToken(ByteBuf token, InetSocketAddress address) {
    return 0;
  }

  @Override
  public int maxTokenLength() {
    return 0;
  }
}

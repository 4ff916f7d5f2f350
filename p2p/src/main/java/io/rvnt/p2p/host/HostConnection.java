package io.rvnt.p2p.host;

import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A host's view of one muxed session: streams on it go through multistream-select. */
final class HostConnection implements Connection {

  private final MuxedSession session;
  private final P2pLimits limits;

  HostConnection(MuxedSession session, P2pLimits limits) {
    this.session = session;
    this.limits = limits;
  }

  @Override
  public PeerId localPeerId() {
    return session.localPeerId();
  }

  @Override
  public PeerId remotePeerId() {
    return session.remotePeerId();
  }

  @Override
  public Multiaddr localAddress() {
    return session.localAddress();
  }

  @Override
  public Multiaddr remoteAddress() {
    return session.remoteAddress();
  }

  @Override
  public boolean isInitiator() {
    return session.isInitiator();
  }

  @Override
  public <C> CompletableFuture<C> newStream(List<String> protocols, ProtocolHandler<C> handler) {
    return session.openStream().thenCompose(
        muxed -> StreamNegotiation.initiate(muxed, this, protocols, handler, limits));
  }

  @Override
  public CompletableFuture<Void> close() {
    return session.close();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return session.closeFuture();
  }

  MuxedSession session() {
    return session;
  }
}

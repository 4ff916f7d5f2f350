package io.rvnt.p2p.core;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A libp2p host: one identity, its transports, listeners, connections and protocol bindings. Bootstrap and relay
 * code is written against this interface and never touches frames.
 */
public interface Host {

  PeerId peerId();

  /** Starts listening on {@code address}; completes with the bound address. */
  CompletableFuture<Multiaddr> listen(Multiaddr address);

  /** The bound listen addresses (these, and only these, may be printed). */
  List<Multiaddr> listenAddresses();

  /** Registers {@code handler} for inbound streams that negotiate {@code protocolId}. */
  void addProtocol(String protocolId, ProtocolHandler<?> handler);

  void removeProtocol(String protocolId);

  Set<String> protocols();

  /**
   * Connects to the peer at {@code address}, which must end in {@code /p2p/<PeerId>}: the remote must prove that
   * PeerId. Reuses an open connection to that peer.
   */
  CompletableFuture<Connection> dial(Multiaddr address);

  /** Dials {@code address} if needed and opens a stream there (see {@link Connection#newStream}). */
  <C> CompletableFuture<C> newStream(Multiaddr address, List<String> protocols, ProtocolHandler<C> handler);

  List<Connection> connections();

  /** Called with every new connection, inbound or outbound, on its event loop. */
  void addConnectionListener(Consumer<Connection> listener);

  /** Closes every listener and connection. */
  CompletableFuture<Void> close();
}

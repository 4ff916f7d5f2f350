package io.rvnt.p2p.host;

import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Transport;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.dns.DnsaddrResolver;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The libp2p host: one identity over the given transports. Inbound streams are negotiated against the registered
 * protocols; at most {@link P2pLimits#maxConnections()} connections are kept, further ones are closed at once.
 * Given a {@link DnsaddrResolver}, it dials {@code /dnsaddr/DOMAIN/p2p/ID} addresses too: the records of that peer,
 * one after the other, until one connects. Thread-safe.
 */
public final class P2pHost implements Host {

  private final PeerId peerId;
  private final P2pLimits limits;
  private final List<Transport> transports;
  private final DnsaddrResolver dnsaddr;
  private final Map<String, ProtocolHandler<?>> protocols = new ConcurrentHashMap<>();
  private final Set<HostConnection> connections = ConcurrentHashMap.newKeySet();
  private final List<Transport.Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Connection>> connectionListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** @param transports built with the same identity key and limits */
  public P2pHost(PrivKey identity, P2pLimits limits, List<Transport> transports) {
    this(identity, limits, transports, null);
  }

  /**
   * @param transports built with the same identity key and limits
   * @param dnsaddr expands {@code /dnsaddr} addresses; null for a host that refuses them
   */
  public P2pHost(PrivKey identity, P2pLimits limits, List<Transport> transports, DnsaddrResolver dnsaddr) {
    this.peerId = PeerId.fromPublicKey(identity.publicKey());
    this.limits = limits;
    this.transports = List.copyOf(transports);
    this.dnsaddr = dnsaddr;
  }

  @Override
  public PeerId peerId() {
    return peerId;
  }

  public P2pLimits limits() {
    return limits;
  }

  @Override
  public CompletableFuture<Multiaddr> listen(Multiaddr address) {
    Transport transport = transports.stream().filter(t -> t.canListen(address)).findFirst().orElse(null);
    if (transport == null) {
      return CompletableFuture.failedFuture(
          new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS, "no transport listens on " + address));
    }
    return transport.listen(address, this::onSession).thenApply(listener -> {
      listeners.add(listener);
      return listener.localAddress();
    });
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return listeners.stream().map(Transport.Listener::localAddress).toList();
  }

  @Override
  public void addProtocol(String protocolId, ProtocolHandler<?> handler) {
    protocols.put(protocolId, handler);
  }

  @Override
  public void removeProtocol(String protocolId) {
    protocols.remove(protocolId);
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(protocols.keySet());
  }

  /**
   * The addresses {@code address} stands for: itself, or for a {@code /dnsaddr} address the records found in DNS
   * (see {@link DnsaddrResolver#resolve}). Fails with {@link P2pException.Reason#UNSUPPORTED_ADDRESS} when this host
   * has no resolver, and {@link P2pException.Reason#DIAL_FAILED} caused by a {@link DnsaddrException} when the
   * records cannot be used.
   */
  public CompletableFuture<List<Multiaddr>> resolve(Multiaddr address) {
    if (!DnsaddrResolver.isDnsaddr(address)) {
      return CompletableFuture.completedFuture(List.of(address));
    }
    if (dnsaddr == null) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS,
          "this host has no dnsaddr resolver"));
    }
    return dnsaddr.resolve(address).exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return CompletableFuture.failedFuture(cause instanceof DnsaddrException d
          ? new P2pException(P2pException.Reason.DIAL_FAILED, "dnsaddr: " + d.getMessage(), d) : cause);
    });
  }

  /**
   * Dials the addresses of one peer in order and completes with the first connection; fails with the last
   * address's error when none connects.
   */
  public CompletableFuture<Connection> dialFirstReachable(List<Multiaddr> addresses) {
    if (addresses.isEmpty()) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS,
          "no address to dial"));
    }
    CompletableFuture<Connection> attempt = dial(addresses.get(0));
    for (Multiaddr next : addresses.subList(1, addresses.size())) {
      attempt = attempt.handle((c, e) -> e == null ? CompletableFuture.completedFuture(c) : dial(next))
          .thenCompose(f -> f);
    }
    return attempt;
  }

  @Override
  public CompletableFuture<Connection> dial(Multiaddr address) {
    if (closed) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.HOST_CLOSED, "host closed"));
    }
    if (DnsaddrResolver.isDnsaddr(address)) {
      if (address.peerIdMultihash().isEmpty()) {
        return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS,
            "a /dnsaddr dial needs /p2p/PEER_ID: resolve the address to reach every node it lists"));
      }
      // Records are filtered to this peer id, so each is a concrete address of the same peer.
      return resolve(address).thenCompose(this::dialFirstReachable);
    }
    PeerId peer;
    try {
      peer = address.peerIdMultihash().map(PeerId::fromMultihash).orElseThrow(
          () -> new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS, "the address has no /p2p PeerId"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (HostConnection c : connections) {
      if (c.remotePeerId().equals(peer)) {
        return CompletableFuture.completedFuture(c);
      }
    }
    Multiaddr target = address.withoutPeerId();
    Transport transport = transports.stream().filter(t -> t.canDial(target)).findFirst().orElse(null);
    if (transport == null) {
      return CompletableFuture.failedFuture(
          new P2pException(P2pException.Reason.UNSUPPORTED_ADDRESS, "no transport dials this address"));
    }
    if (connections.size() >= limits.maxConnections()) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Reason.TOO_MANY_CONNECTIONS,
          "at most " + limits.maxConnections() + " connections"));
    }
    return transport.dial(target, peer).thenApply(session -> {
      HostConnection connection = onSession(session);
      if (connection == null) {
        throw new P2pException(P2pException.Reason.TOO_MANY_CONNECTIONS, "connection limit reached");
      }
      return connection;
    });
  }

  @Override
  public <C> CompletableFuture<C> newStream(Multiaddr address, List<String> protocolIds, ProtocolHandler<C> handler) {
    return dial(address).thenCompose(c -> c.newStream(protocolIds, handler));
  }

  @Override
  public List<Connection> connections() {
    return new ArrayList<>(connections);
  }

  @Override
  public void addConnectionListener(Consumer<Connection> listener) {
    connectionListeners.add(listener);
  }

  @Override
  public CompletableFuture<Void> close() {
    closed = true;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Transport.Listener l : listeners) {
      all.add(l.close());
    }
    for (HostConnection c : connections) {
      all.add(c.close());
    }
    for (Transport t : transports) {
      all.add(t.close());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private HostConnection onSession(MuxedSession session) {
    if (closed || connections.size() >= limits.maxConnections()) {
      session.close();
      return null;
    }
    HostConnection connection = new HostConnection(session, limits);
    connections.add(connection);
    session.closeFuture().whenComplete((v, e) -> connections.remove(connection));
    session.setInboundStreamHandler(muxed -> StreamNegotiation.respond(
        muxed, connection, protocols::get, List.copyOf(protocols.keySet()), limits));
    for (Consumer<Connection> l : connectionListeners) {
      l.accept(connection);
    }
    return connection;
  }
}

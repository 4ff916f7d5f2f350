package io.rvnt.bootstrap;

import io.rvnt.dht.Dht;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One round of keeping a bootstrap node connected to the others, run at start and every retry interval: the
 * configured peers are resolved ({@code /dnsaddr} ones in DNS, anew each round), the node's own records and the
 * peers it is connected to are skipped, and each other peer is dialed at the first of its addresses that answers and
 * joined through in the DHT. A round still running when the next is due lets that one pass. Never blocks: lookups and
 * dials are asynchronous. Thread-safe.
 */
final class PeerRounds implements Runnable {

  private final List<Multiaddr> peers;
  private final Duration retry;
  private final P2pHost host;
  private final Dht dht;
  private final Executor warningExecutor;
  private final Consumer<String> warnings;
  private final Map<Multiaddr, String> problems = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  // The other bootstrap nodes as the latest round resolved them; only their count is ever reported.
  private volatile Set<PeerId> resolved = Set.of();

  /**
   * @param warningExecutor where {@code warnings} is called: lookups end on event loops, which must not block
   * @param warnings told why a {@code /dnsaddr} peer cannot be used, once per change of reason
   */
  PeerRounds(List<Multiaddr> peers, Duration retry, P2pHost host, Dht dht, Executor warningExecutor,
      Consumer<String> warnings) {
    this.peers = List.copyOf(peers);
    this.retry = retry;
    this.host = host;
    this.dht = dht;
    this.warningExecutor = warningExecutor;
    this.warnings = warnings;
  }

  @Override
  public void run() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    List<CompletableFuture<List<Multiaddr>>> lookups = peers.stream().map(this::addressesOf).toList();
    CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      Map<PeerId, List<Multiaddr>> byPeer = new LinkedHashMap<>();
      for (CompletableFuture<List<Multiaddr>> lookup : lookups) {
        for (Multiaddr address : lookup.join()) {
          address.peerIdMultihash().map(PeerId::fromMultihash).filter(p -> !p.equals(host.peerId()))
              .ifPresent(p -> byPeer.computeIfAbsent(p, x -> new ArrayList<>()).add(address));
        }
      }
      resolved = Set.copyOf(byPeer.keySet());
      Set<PeerId> connected = host.connections().stream().map(Connection::remotePeerId).collect(Collectors.toSet());
      List<CompletableFuture<?>> joins = new ArrayList<>();
      byPeer.forEach((peer, addresses) -> {
        if (!connected.contains(peer)) {
          // dht.bootstrap dials again, and finds the connection just made.
          joins.add(host.dialFirstReachable(addresses).thenCompose(c -> dht.bootstrap(addresses.subList(0, 1))));
        }
      });
      return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
    }).whenComplete((v, e) -> running.set(false));
  }

  /** The other bootstrap nodes the latest round resolved (itself excluded). */
  int configuredPeers() {
    return resolved.size();
  }

  /**
   * Of {@link #configuredPeers()}, those in the routing table now: at least two on each of three nodes means the DHT
   * has three bootstrap nodes that know each other (the alert rule's figure, docs/monitoring.md).
   */
  int configuredPeersInRoutingTable() {
    return (int) resolved.stream().filter(p -> dht.routingTable().find(p).isPresent()).count();
  }

  /** The addresses {@code peer} stands for; none, with a warning, when its DNS records cannot be used. */
  private CompletableFuture<List<Multiaddr>> addressesOf(Multiaddr peer) {
    return host.resolve(peer).handle((addresses, e) -> {
      String problem = e != null ? reason(e)
          : addresses.stream().anyMatch(a -> a.peerIdMultihash().isEmpty())
              ? "records without /p2p/PEER_ID are skipped" : null;
      String previous = problem == null ? problems.remove(peer) : problems.put(peer, problem);
      if (problem != null && !problem.equals(previous)) {
        warn("peer " + peer + ": " + problem + "; looked up again every " + retry.toSeconds() + " s");
      }
      return e != null ? List.<Multiaddr>of() : addresses;
    });
  }

  private void warn(String line) {
    try {
      warningExecutor.execute(() -> warnings.accept(line));
    } catch (RejectedExecutionException e) {
      // The node is closing; the warning no longer matters.
    }
  }

  /** The resolver's one-line reason, or the deepest message of another failure. */
  private static String reason(Throwable e) {
    Throwable deepest = e;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DnsaddrException) {
        return c.getMessage();
      }
      if (c.getMessage() != null && !(c instanceof ExecutionException)) {
        deepest = c;
      }
    }
    return deepest.getMessage() != null ? deepest.getMessage() : deepest.getClass().getSimpleName();
  }
}

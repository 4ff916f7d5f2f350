package io.rvnt.dht.lan;

import io.netty.channel.EventLoopGroup;
import io.rvnt.dht.Dht;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.discovery.dnssd.DnsSdResponder;
import io.rvnt.p2p.discovery.mdns.LanLink;
import io.rvnt.p2p.discovery.mdns.LanLinks;
import io.rvnt.p2p.discovery.mdns.LanPeer;
import io.rvnt.p2p.discovery.mdns.MdnsEngine;
import io.rvnt.p2p.discovery.mdns.MdnsListener;
import io.rvnt.p2p.discovery.mdns.MdnsMetrics;
import io.rvnt.p2p.discovery.mdns.MdnsResponder;
import io.rvnt.p2p.discovery.mdns.MdnsService;
import io.rvnt.p2p.discovery.mdns.PeerAnnouncer;
import io.rvnt.p2p.discovery.mdns.PeerDiscoverer;
import io.rvnt.p2p.discovery.mdns.PeerName;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * LAN discovery for a server node, one call to wire: announces the node's LAN addresses with libp2p mDNS (and
 * DNS-SD if asked), and, for a node with a DHT ({@link #start}), joins the peers it hears into it. A heard peer is
 * only a claim: it is dialed, the handshake proves its PeerId, identify must list the DHT protocol, and only then
 * does the DHT's routing table take it, followed by a lookup of the node's own key (as {@link Dht#bootstrap} does
 * for configured peers). A node without a DHT (a relay: {@link #announce}) only answers and announces, so that LAN
 * clients find it; it asks for no one. Nothing about peers is logged or kept beyond a bounded map of when each was
 * last tried; {@link #counters()} are aggregates.
 */
public final class LanDiscovery implements AutoCloseable {

  private final LanDiscoveryConfig config;
  private final Host host;
  private final Dht dht; // null for a node that only announces itself
  private final Clock clock;
  private final MdnsMetrics metrics = new MdnsMetrics();
  private final Map<PeerId, Instant> tried = new ConcurrentHashMap<>();
  private final LongAdder heard = new LongAdder();
  private final LongAdder joined = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final List<LanLink> links;
  private volatile MdnsService service;
  private volatile boolean closed;

  private LanDiscovery(LanDiscoveryConfig config, Host host, Dht dht, Clock clock, List<LanLink> links) {
    this.config = config;
    this.host = host;
    this.dht = dht;
    this.clock = clock;
    this.links = links;
  }

  /**
   * Starts discovery on the links {@code host}'s listen addresses (or the configured interfaces) allow; on none,
   * it sends nothing and {@link #status()} says so.
   *
   * @param role names the DNS-SD instance, such as "bootstrap" ({@code rvnt-bootstrap-<random>})
   * @throws IllegalArgumentException when a configured interface is unusable
   */
  public static LanDiscovery start(LanDiscoveryConfig config, String role, Host host, Dht dht, EventLoopGroup group,
      Clock clock) throws IOException, InterruptedException {
    return begin(config, role, host, Objects.requireNonNull(dht, "dht"), group, clock);
  }

  /**
   * Announces a node that keeps no routing table, a relay, on the links {@code start} would use: it answers the
   * libp2p mDNS queries of LAN peers (and DNS-SD browsers with {@code dnsSd}) with its addresses and announces them
   * at start, and it sends no query and dials no one, since it has no use for peers.
   *
   * @throws IllegalArgumentException when {@code config} does not announce (it would do nothing at all), or a
   *     configured interface is unusable
   */
  public static LanDiscovery announce(LanDiscoveryConfig config, String role, Host host, EventLoopGroup group,
      Clock clock) throws IOException, InterruptedException {
    if (!config.mdns().announce()) {
      throw new IllegalArgumentException("a " + role + " joins no LAN peers: LAN discovery announces it, so it "
          + "cannot run quiet");
    }
    return begin(config, role, host, null, group, clock);
  }

  private static LanDiscovery begin(LanDiscoveryConfig config, String role, Host host, Dht dht,
      EventLoopGroup group, Clock clock) throws IOException, InterruptedException {
    List<Multiaddr> listen = host.listenAddresses();
    LanDiscovery discovery = new LanDiscovery(config, host, dht, clock, LanLinks.select(listen, config.interfaces()));
    if (discovery.links.isEmpty()) {
      return discovery;
    }
    String peerName = PeerName.random(new SecureRandom());
    Multiaddr self = Multiaddr.of(List.of(new Multiaddr.Component(MultiaddrProtocol.P2P,
        host.peerId().multihash().bytes())));
    List<MdnsResponder> responders = new ArrayList<>();
    responders.add(new PeerAnnouncer(peerName, host::listenAddresses, self, config.mdns()));
    if (config.dnsSd()) {
      responders.add(new DnsSdResponder("rvnt-" + role + "-" + peerName.substring(0, 8), peerName,
          host::listenAddresses, self, config.mdns()));
    }
    List<MdnsListener> listeners = dht == null ? List.of() : List.of(new PeerDiscoverer(peerName, host.peerId(),
        config.mdns(), discovery.metrics, discovery::heard));
    MdnsEngine engine = new MdnsEngine(config.mdns(), discovery.links, responders, listeners, discovery.metrics,
        clock);
    discovery.service = MdnsService.start(engine, discovery.metrics, group);
    return discovery;
  }

  /** One line for the operator: where discovery runs and whether the node announces itself. */
  public String status() {
    if (links.isEmpty()) {
      return "mdns: no LAN interface among the listen addresses; not announcing";
    }
    String on = links.stream().map(LanLink::name).collect(Collectors.joining(", "));
    if (!config.mdns().announce()) {
      return "mdns: discovering on " + on + "; not announcing";
    }
    return "mdns: announcing on " + on + (config.dnsSd() ? "; DNS-SD _rvnt._udp and _rvnt._tcp" : "");
  }

  /**
   * Aggregate counters: the mDNS service's ({@code mdns_...}, {@link LanMetricFamilies#MDNS}) and, for a node with
   * a DHT, the joins ({@code lan_peers_...}, {@link LanMetricFamilies#JOINS}).
   */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>(metrics.counters());
    if (dht == null) {
      return out;
    }
    out.put("lan_peers_heard", heard.sum());
    out.put("lan_peers_joined", joined.sum());
    out.put("lan_peer_dials_failed", failed.sum());
    return out;
  }

  /** A peer heard on mDNS (the discoverer's callback; package-private for tests). */
  void heard(LanPeer peer) {
    if (closed || connected(peer.peer())) {
      return;
    }
    Instant now = clock.instant();
    Instant last = tried.get(peer.peer());
    if (last != null && now.isBefore(last.plus(config.redialInterval()))) {
      return;
    }
    if (last == null && tried.size() >= config.maxTrackedPeers()) {
      tried.values().removeIf(t -> !now.isBefore(t.plus(config.redialInterval())));
      if (tried.size() >= config.maxTrackedPeers()) {
        return;
      }
    }
    tried.put(peer.peer(), now);
    heard.increment();
    join(peer, 0);
  }

  /** Dials the peer's addresses in turn until one connects, then lets the DHT identify and take it. */
  private void join(LanPeer peer, int index) {
    if (closed) {
      return;
    }
    if (index >= peer.addresses().size()) {
      failed.increment();
      return;
    }
    Multiaddr address = peer.addresses().get(index);
    host.dial(address).whenComplete((connection, error) -> {
      if (error != null) {
        join(peer, index + 1);
      } else {
        dht.bootstrap(List.of(address)).whenComplete((reached, e) -> {
          if (e == null && reached > 0) {
            joined.increment();
          } else {
            failed.increment(); // reached but not proven: no DHT protocol, or identify failed
          }
        });
      }
    });
  }

  private boolean connected(PeerId peer) {
    for (Connection c : host.connections()) {
      if (c.remotePeerId().equals(peer)) {
        return true;
      }
    }
    return false;
  }

  /** Says goodbye on the LAN and closes the sockets. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    MdnsService s = service;
    if (s != null) {
      s.close();
    }
  }

  /** The links discovery runs on (empty when none qualified). */
  public List<String> interfaces() {
    return links.stream().map(LanLink::name).toList();
  }
}

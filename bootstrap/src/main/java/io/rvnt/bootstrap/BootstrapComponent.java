package io.rvnt.bootstrap;

import io.rvnt.daemon.admin.AdminComponent;
import io.rvnt.daemon.admin.Family;
import io.rvnt.daemon.admin.MetricsSchema;
import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.dht.Dht;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.DhtMetrics;
import io.rvnt.dht.lan.LanMetricFamilies;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Host;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The bootstrap node on the admin listener (issue 4), as {@code rvnt_bootstrap_...}: connections, routing-table
 * size and occupancy per bucket, requests served per type with latency percentiles, refusals, lookups, records
 * stored, and LAN discovery's counters when it runs. Counts only: no peer, address or key ever appears (invariant 1). The snapshot's keys are those the
 * console's DHT screen reads ({@code routing_table_peers}, {@code routing_table_bucket_<i>}).
 */
final class BootstrapComponent implements AdminComponent {
  static final String BUCKET_PREFIX = "routing_table_bucket_";
  static final String REFUSED_PREFIX = "refused_";
  static final MetricsSchema SCHEMA = new MetricsSchema("a Kademlia request type", false,
      "Open libp2p connections, inbound and outbound, TCP and QUIC together.", Stream.concat(Stream.of(
          Family.gauge("routing_table_peers", "Peers in the routing table."),
          Family.gauges("routing_table_bucket_peers", "Peers in each non-empty k-bucket of the routing table; the "
              + "bucket is how many leading bits their keys share with this node's.", BUCKET_PREFIX, "bucket"),
          Family.gauge("records_stored", "Records and provider entries stored on this node."),
          Family.gauge("configured_peers", "Other bootstrap nodes this node is configured with (--peer, /dnsaddr "
              + "peers as DNS lists them), as of its latest peer round."),
          Family.gauge("configured_peers_in_routing_table", "Of the other configured bootstrap nodes, those in "
              + "this node's routing table now."),
          Family.counters("refused", "Requests refused since the node started, and records from lookups that a "
              + "validator refused, per reason.", REFUSED_PREFIX, "reason"),
          Family.counter("lookups", "Iterative lookups this node started since it started."),
          Family.counter("handshake_failures", "Inbound connections whose security or muxer handshake failed or "
              + "timed out, since the node started."),
          Family.counter("outbound_request_failures", "Requests this node sent that failed (dial, handshake or "
              + "timeout), since it started.")), LanMetricFamilies.FAMILIES.stream()).toList());

  private final Host host;
  private final Dht dht;
  private final LongSupplier handshakeFailures;
  private final Supplier<Map<String, Long>> lanCounters;
  private final PeerRounds peering;
  private volatile boolean serving;

  /** @param lanCounters LAN discovery's counters (empty when it is off): {@link LanMetricFamilies} */
  BootstrapComponent(Host host, Dht dht, LongSupplier handshakeFailures, Supplier<Map<String, Long>> lanCounters,
      PeerRounds peering) {
    this.host = host;
    this.dht = dht;
    this.handshakeFailures = handshakeFailures;
    this.lanCounters = lanCounters;
    this.peering = peering;
  }

  /** Called once every listener is bound and the DHT has started; {@code /health} answers 200 from then on. */
  void serving() {
    serving = true;
  }

  /** Called first thing when the node stops. */
  void stopping() {
    serving = false;
  }

  @Override
  public String name() {
    return "bootstrap";
  }

  @Override
  public MetricsSchema schema() {
    return SCHEMA;
  }

  @Override
  public Map<String, LatencyWindow> latencyWindows() {
    Map<String, LatencyWindow> windows = new LinkedHashMap<>();
    for (KadMessage.Type type : KadMessage.Type.values()) {
      windows.put(type.name(), dht.metrics().latencyWindow(type));
    }
    return windows;
  }

  @Override
  public boolean healthy() {
    return serving;
  }

  @Override
  public MetricsSnapshot snapshot() {
    DhtMetrics m = dht.metrics();
    MetricsSnapshot.Builder b = MetricsSnapshot.newBuilder().setOpenConnections(host.connections().size());
    for (KadMessage.Type type : KadMessage.Type.values()) {
      b.addEndpoints(m.latency(type).fill(EndpointStats.newBuilder().setEndpoint(type.name())
          .setRequests(m.served(type))));
    }
    b.putGauges("routing_table_peers", dht.routingTable().size());
    int[] buckets = dht.routingTable().bucketSizes();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0) {
        b.putGauges(BUCKET_PREFIX + i, buckets[i]);
      }
    }
    b.putGauges("records_stored", dht.storedRecords());
    b.putGauges("configured_peers", peering.configuredPeers());
    b.putGauges("configured_peers_in_routing_table", peering.configuredPeersInRoutingTable());
    for (DhtException.Reason r : DhtException.Reason.values()) {
      b.putCounters(REFUSED_PREFIX + r.name().toLowerCase(Locale.ROOT), m.refused(r));
    }
    b.putCounters("lookups", m.lookups());
    b.putCounters("handshake_failures", handshakeFailures.getAsLong());
    b.putCounters("outbound_request_failures", m.outboundFailures());
    b.putAllCounters(lanCounters.get());
    return b.build();
  }
}

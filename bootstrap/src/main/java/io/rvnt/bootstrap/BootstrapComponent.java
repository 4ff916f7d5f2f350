package io.rvnt.bootstrap;

import io.rvnt.dht.Dht;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.DhtMetrics;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Host;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The bootstrap node's aggregate metrics (issue 4): connected peers, routing-table size and occupancy per bucket,
 * queries served per type with latency percentiles, refusals, records stored, memory, disk. Counts only: no peer,
 * address or key ever appears (invariant 1).
 */
final class BootstrapMetrics {

  private final Host host;
  private final Dht dht;
  private final LongSupplier handshakeFailures;
  private final Path dataDir;
  private final String version;
  private final Clock clock;
  private final Instant started;

  BootstrapMetrics(Host host, Dht dht, LongSupplier handshakeFailures, Path dataDir, String version, Clock clock) {
    this.host = host;
    this.dht = dht;
    this.handshakeFailures = handshakeFailures;
    this.dataDir = dataDir;
    this.version = version;
    this.clock = clock;
    this.started = clock.instant();
  }

  MetricsSnapshot snapshot() {
    Instant now = clock.instant();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    DhtMetrics m = dht.metrics();
    MetricsSnapshot.Builder b = MetricsSnapshot.newBuilder()
        .setRole("bootstrap")
        .setVersion(version)
        .setUptimeMs(now.toEpochMilli() - started.toEpochMilli())
        .setTakenAtMs(now.toEpochMilli())
        .setHeapUsedBytes(heap.getUsed())
        .setHeapMaxBytes(Math.max(heap.getMax(), 0))
        .setOpenConnections(host.connections().size())
        .setDataDirBytes(dataDirBytes())
        .setDiskFreeBytes(dataDir.toFile().getUsableSpace())
        .setDiskTotalBytes(dataDir.toFile().getTotalSpace());
    for (KadMessage.Type type : KadMessage.Type.values()) {
      DhtMetrics.Latency l = m.latency(type);
      b.addEndpoints(EndpointStats.newBuilder().setEndpoint(type.name()).setRequests(m.served(type))
          .setP50Ms(l.p50Ms()).setP95Ms(l.p95Ms()).setP99Ms(l.p99Ms()));
    }
    b.putGauges("routing_table_peers", dht.routingTable().size());
    int[] buckets = dht.routingTable().bucketSizes();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0) {
        b.putGauges("routing_table_bucket_" + i, buckets[i]);
      }
    }
    b.putGauges("records_stored", dht.storedRecords());
    for (DhtException.Reason r : DhtException.Reason.values()) {
      b.putCounters("refused_" + r.name().toLowerCase(Locale.ROOT), m.refused(r));
    }
    b.putCounters("lookups", m.lookups());
    b.putCounters("handshake_failures", handshakeFailures.getAsLong());
    b.putCounters("outbound_request_failures", m.outboundFailures());
    return b.build();
  }

  String prometheus() {
    MetricsSnapshot s = snapshot();
    StringBuilder out = new StringBuilder();
    gauge(out, "rvnt_bootstrap_connected_peers", "Open libp2p connections.", s.getOpenConnections());
    gauge(out, "rvnt_dht_routing_table_peers", "Peers in the routing table.", s.getGaugesOrThrow(
        "routing_table_peers"));
    out.append("# HELP rvnt_dht_routing_table_bucket_peers Peers per k-bucket (index = shared prefix bits).\n")
        .append("# TYPE rvnt_dht_routing_table_bucket_peers gauge\n");
    int[] buckets = dht.routingTable().bucketSizes();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0) {
        out.append("rvnt_dht_routing_table_bucket_peers{bucket=\"").append(i).append("\"} ").append(buckets[i])
            .append('\n');
      }
    }
    out.append("# HELP rvnt_dht_queries_total Kademlia requests served, by type.\n")
        .append("# TYPE rvnt_dht_queries_total counter\n");
    for (EndpointStats e : s.getEndpointsList()) {
      out.append("rvnt_dht_queries_total{type=\"").append(e.getEndpoint()).append("\"} ").append(e.getRequests())
          .append('\n');
    }
    out.append("# HELP rvnt_dht_query_latency_ms Time to answer a request, by type, since start.\n")
        .append("# TYPE rvnt_dht_query_latency_ms summary\n");
    for (EndpointStats e : s.getEndpointsList()) {
      quantile(out, e.getEndpoint(), "0.5", e.getP50Ms());
      quantile(out, e.getEndpoint(), "0.95", e.getP95Ms());
      quantile(out, e.getEndpoint(), "0.99", e.getP99Ms());
    }
    out.append("# HELP rvnt_dht_refused_total Requests refused or limited, by reason.\n")
        .append("# TYPE rvnt_dht_refused_total counter\n");
    for (DhtException.Reason r : DhtException.Reason.values()) {
      out.append("rvnt_dht_refused_total{reason=\"").append(r.name().toLowerCase(Locale.ROOT)).append("\"} ")
          .append(dht.metrics().refused(r)).append('\n');
    }
    gauge(out, "rvnt_dht_records_stored", "Records and provider entries stored.", s.getGaugesOrThrow(
        "records_stored"));
    counter(out, "rvnt_p2p_handshake_failures_total", "Inbound connections whose handshake failed or timed out.",
        s.getCountersOrThrow("handshake_failures"));
    counter(out, "rvnt_dht_lookups_total", "Iterative lookups started by this node.", s.getCountersOrThrow(
        "lookups"));
    counter(out, "rvnt_dht_outbound_request_failures_total",
        "Requests this node sent that failed (dial, handshake or timeout).",
        s.getCountersOrThrow("outbound_request_failures"));
    gauge(out, "rvnt_jvm_heap_used_bytes", "JVM heap in use.", s.getHeapUsedBytes());
    gauge(out, "rvnt_jvm_heap_max_bytes", "JVM heap limit.", s.getHeapMaxBytes());
    gauge(out, "rvnt_data_dir_bytes", "Bytes in the data directory.", s.getDataDirBytes());
    gauge(out, "rvnt_disk_free_bytes", "Free bytes on the data directory's disk.", s.getDiskFreeBytes());
    gauge(out, "rvnt_uptime_seconds", "Seconds since start.", s.getUptimeMs() / 1000.0);
    return out.toString();
  }

  private static void quantile(StringBuilder out, String type, String q, double value) {
    out.append("rvnt_dht_query_latency_ms{type=\"").append(type).append("\",quantile=\"").append(q).append("\"} ")
        .append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    metric(out, name, help, "gauge", value);
  }

  private static void counter(StringBuilder out, String name, String help, double value) {
    metric(out, name, help, "counter", value);
  }

  private static void metric(StringBuilder out, String name, String help, String type, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n')
        .append(name).append(' ').append(value == Math.rint(value) ? String.valueOf((long) value)
            : String.valueOf(value)).append('\n');
  }

  private long dataDirBytes() {
    try (Stream<Path> files = Files.walk(dataDir, 4)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}

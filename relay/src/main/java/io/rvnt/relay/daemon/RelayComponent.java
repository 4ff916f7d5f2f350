package io.rvnt.relay.daemon;

import io.rvnt.daemon.admin.AdminComponent;
import io.rvnt.daemon.admin.Family;
import io.rvnt.daemon.admin.MetricsSchema;
import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.dht.lan.LanMetricFamilies;
import io.rvnt.p2p.core.Host;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.relay.core.Relay;
import io.rvnt.relay.core.RelayCounters;
import io.rvnt.relay.core.RequestStats;
import io.rvnt.relay.protocol.RelayStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The relay on the admin listener (issue 14), as {@code rvnt_relay_...}: envelopes and bytes held, mailboxes,
 * deposits, collections, acknowledgements, expiries, refusals by reason, open connections, and requests per type
 * with latency percentiles, and the mDNS counters when it announces itself on its LAN. Counters count since the
 * relay started; rates per minute are the scraper's to compute ({@code rate(rvnt_relay_deposits_total[5m]) * 60}),
 * so the relay keeps no clock of its own for them. Counts only: no mailbox id, deposit id, envelope id, key, peer or
 * address ever appears (invariant 1).
 */
final class RelayComponent implements AdminComponent {
  static final String REFUSED_PREFIX = "refused_";
  static final MetricsSchema SCHEMA = new MetricsSchema("a relay request type, the field of relay.proto's Request",
      false, "Open libp2p connections, inbound and outbound, TCP and QUIC together.", Stream.concat(Stream.of(
          Family.gauge("envelopes_held", "Envelopes stored and waiting to be collected, in every mailbox."),
          Family.gauge("bytes_held", "Bytes of the waiting envelopes' blobs (their padded sizes), in every mailbox."),
          Family.gauge("mailboxes", "Mailboxes on this relay."),
          Family.counter("deposits", "Envelopes deposited and synced to disk since the relay started; an envelope "
              + "deposited again while held is counted under duplicate_deposits instead. Per minute: "
              + "rate(...[5m]) * 60."),
          Family.counter("duplicate_deposits", "Deposits of an envelope the mailbox already held (answered OK, "
              + "stored once), since the relay started."),
          Family.counter("collections", "Collect requests answered with envelopes or none, since the relay "
              + "started. Per minute: rate(...[5m]) * 60."),
          Family.counter("envelopes_delivered", "Envelopes returned by collect requests (an envelope collected "
              + "twice before its acknowledgement counts twice), since the relay started."),
          Family.counter("acknowledged", "Envelopes deleted on their recipient's acknowledgement, since the relay "
              + "started."),
          Family.counter("expired", "Envelopes deleted unread by the purge at the end of their retention "
              + "(retention-days, at most 7), since the relay started."),
          Family.counter("mailboxes_created", "Mailboxes created since the relay started."),
          Family.counter("mailboxes_deleted", "Mailboxes deleted by their owner since the relay started."),
          Family.counter("registrations", "Deposit-id lists registered (one per mailbox and day) since the relay "
              + "started."),
          Family.counter("commits", "Synced writes to the store (group commits: one can carry many requests) since "
              + "the relay started; deposits_total / commits_total is the requests per fsync."),
          Family.counters("refused", "Requests refused since the relay started, per reason (the status of "
              + "docs/relay-protocol.md section 7 they were answered with).", REFUSED_PREFIX, "reason"),
          Family.counter("handshake_failures", "Inbound connections whose security or muxer handshake failed or "
              + "timed out, since the relay started.")), LanMetricFamilies.MDNS.stream()).toList());

  private final Host host;
  private final Relay relay;
  private final LongSupplier handshakeFailures;
  private final Supplier<Map<String, Long>> lanCounters;

  /** @param lanCounters LAN discovery's counters (empty when it is off): {@link LanMetricFamilies#MDNS} */
  RelayComponent(Host host, Relay relay, LongSupplier handshakeFailures, Supplier<Map<String, Long>> lanCounters) {
    this.host = host;
    this.relay = relay;
    this.handshakeFailures = handshakeFailures;
    this.lanCounters = lanCounters;
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public MetricsSchema schema() {
    return SCHEMA;
  }

  /**
   * Serving while the relay's writer takes writes. The node starts the admin listener only once every libp2p
   * listener is bound, and closes it first when it stops, so an answer at all means the relay listens.
   */
  @Override
  public boolean healthy() {
    return relay.acceptingWrites();
  }

  @Override
  public Map<String, LatencyWindow> latencyWindows() {
    Map<String, LatencyWindow> windows = new LinkedHashMap<>();
    for (RequestStats.Type type : RequestStats.Type.values()) {
      windows.put(type.endpoint(), relay.requests().window(type));
    }
    return windows;
  }

  @Override
  public MetricsSnapshot snapshot() {
    MetricsSnapshot.Builder b = MetricsSnapshot.newBuilder().setOpenConnections(host.connections().size());
    RequestStats requests = relay.requests();
    for (RequestStats.Type type : RequestStats.Type.values()) {
      b.addEndpoints(requests.latency(type).fill(EndpointStats.newBuilder().setEndpoint(type.endpoint())
          .setRequests(requests.answered(type))));
    }
    RelayCounters.Snapshot c = relay.counters().snapshot();
    b.putGauges("envelopes_held", c.envelopesHeld());
    b.putGauges("bytes_held", c.bytesHeld());
    b.putGauges("mailboxes", c.mailboxes());
    b.putCounters("deposits", c.deposits());
    b.putCounters("duplicate_deposits", c.duplicateDeposits());
    b.putCounters("collections", c.collects());
    b.putCounters("envelopes_delivered", c.envelopesDelivered());
    b.putCounters("acknowledged", c.acknowledged());
    b.putCounters("expired", c.expired());
    b.putCounters("mailboxes_created", c.mailboxesCreated());
    b.putCounters("mailboxes_deleted", c.mailboxesDeleted());
    b.putCounters("registrations", c.registrations());
    b.putCounters("commits", c.commits());
    c.refused().forEach((status, count) ->
        b.putCounters(REFUSED_PREFIX + status.name().toLowerCase(Locale.ROOT), count));
    b.putCounters("handshake_failures", handshakeFailures.getAsLong());
    b.putAllCounters(lanCounters.get());
    return b.build();
  }

  /** The refusal reasons /metrics labels, for the documentation test. */
  static List<String> refusalReasons() {
    return java.util.Arrays.stream(RelayStatus.values()).filter(s -> s != RelayStatus.OK)
        .map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
  }
}

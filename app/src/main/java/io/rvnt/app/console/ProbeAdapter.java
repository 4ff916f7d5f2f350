package io.rvnt.app.console;

import io.rvnt.dht.probe.DhtProbe;
import io.rvnt.dht.probe.NodeReport;
import io.rvnt.dht.probe.ProbeConfig;
import io.rvnt.dht.probe.ProbeReport;
import io.rvnt.dht.probe.TransportCheck;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.dht.DhtHealthCheck;
import io.rvnt.operator.dht.DhtReport;
import io.rvnt.operator.dht.NodeHealth;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The console's DHT health check: the DHT health probe library ({@code ./rvnt dht probe}), its report converted into
 * the operator services' plain model.
 */
final class ProbeAdapter implements DhtHealthCheck {
  private final ProbeConfig config;

  ProbeAdapter(ProbeConfig config) {
    this.config = config;
  }

  @Override
  public DhtReport probe(List<String> multiaddrs) throws OperatorException, InterruptedException {
    List<Multiaddr> targets = new ArrayList<>();
    for (String address : multiaddrs) {
      try {
        targets.add(Multiaddr.parse(address));
      } catch (MultiformatException e) {
        throw new OperatorException(OperatorException.Reason.BAD_ANSWER, "not a multiaddr: " + address, e);
      }
    }
    ProbeReport report = new DhtProbe(config).probe(targets);
    return new DhtReport(report.nodes().stream().map(ProbeAdapter::convert).toList());
  }

  static NodeHealth convert(NodeReport node) {
    OptionalDouble latency = node.transports().stream().filter(t -> t.latency().isPresent())
        .mapToDouble(t -> t.latency().get().toNanos() / 1e6).min();
    return new NodeHealth(node.peerId(),
        node.transports().stream().map(TransportCheck::address).toList(),
        reachable(node, "tcp"), reachable(node, "quic-v1"), latency, node.routingTableSizeSeen(),
        node.knowsOtherBootstraps(), node.lookupsConverge());
  }

  private static boolean reachable(NodeReport node, String transport) {
    return node.transports().stream().anyMatch(t -> t.transport().equals(transport) && t.reachable());
  }
}

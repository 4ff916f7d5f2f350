package io.rvnt.app.dht;

import io.rvnt.app.CliException;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.probe.DhtProbe;
import io.rvnt.dht.probe.NodeReport;
import io.rvnt.dht.probe.ProbeConfig;
import io.rvnt.dht.probe.ProbeReport;
import io.rvnt.dht.probe.TransportCheck;
import io.rvnt.dht.probe.Verdict;
import io.rvnt.p2p.dns.BlockingDnsaddr;
import io.rvnt.p2p.dns.DnsaddrException;
import io.rvnt.p2p.dns.DnsaddrLimits;
import io.rvnt.p2p.dns.DnsaddrResolver;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rvnt dht probe}: the DHT health probe, from outside. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
        "Checks bootstrap nodes from outside: dials each address (TCP or QUIC), runs identify and ping, asks "
            + "FIND_NODE for random keys through each node, runs lookups that start at it, and checks that the "
            + "nodes know each other. Prints a verdict per node and for the set.",
        "A /dnsaddr/DOMAIN address stands for every node its DNS TXT records list (_dnsaddr.DOMAIN); with "
            + "/p2p/PEER_ID after it, for that node's records only.",
        "Exit status: 0 if the set is HEALTHY, 1 if it is DEGRADED or DOWN."})
public final class ProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "MULTIADDR",
      description = "Bootstrap node addresses with /p2p/PEER_ID, or /dnsaddr/DOMAIN; give a node's TCP and QUIC "
          + "addresses to check both.")
  List<String> addresses = new ArrayList<>();

  @Mixin DnsServerOption dns;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "For each dial, ping and query (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--lookups", paramLabel = "N", defaultValue = "3",
      description = "Random-key queries and lookups per node (default: ${DEFAULT-VALUE}).")
  int lookups;

  @Option(names = "--protocol", paramLabel = "ID", defaultValue = DhtConfig.DEFAULT_PROTOCOL_ID,
      description = "DHT protocol id (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Override
  public Integer call() throws Exception {
    List<Multiaddr> targets = new ArrayList<>();
    PrintWriter out = spec.commandLine().getOut();
    for (String a : addresses) {
      Multiaddr m;
      try {
        m = Multiaddr.parse(a);
      } catch (MultiformatException e) {
        throw new CliException("not a multiaddr: " + a, e);
      }
      if (DnsaddrResolver.isDnsaddr(m)) {
        List<Multiaddr> found = resolve(m);
        out.println(m + ": " + found.size() + " addresses of "
            + found.stream().map(f -> f.peerIdMultihash().orElseThrow()).distinct().count() + " nodes in DNS");
        targets.addAll(found);
      } else if (m.peerIdMultihash().isEmpty()) {
        throw new CliException("a bootstrap address needs its /p2p/PEER_ID part: " + a);
      } else {
        targets.add(m);
      }
    }
    ProbeConfig config;
    try {
      config = new ProbeConfig(protocol, lookups, 3, Duration.ofSeconds(timeoutSeconds));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    ProbeReport report = new DhtProbe(config).probe(targets);
    print(report, spec.commandLine().getOut());
    return report.verdict() == Verdict.HEALTHY ? 0 : 1;
  }

  /** The addresses DNS lists for {@code address}, each with its /p2p part. */
  private List<Multiaddr> resolve(Multiaddr address) throws InterruptedException {
    List<Multiaddr> found;
    try {
      found = BlockingDnsaddr.resolve(address, dns.server(), DnsaddrLimits.DEFAULTS);
    } catch (DnsaddrException e) {
      throw new CliException(address + ": " + e.getMessage(), e);
    }
    for (Multiaddr f : found) {
      if (f.peerIdMultihash().isEmpty()) {
        throw new CliException(address + ": a record has no /p2p/PEER_ID part: " + f);
      }
    }
    return found;
  }

  private static void print(ProbeReport report, PrintWriter out) {
    for (NodeReport n : report.nodes()) {
      out.println("node " + n.peerId() + ": " + n.verdict());
      for (TransportCheck t : n.transports()) {
        String state = !t.reachable() ? "unreachable (" + t.error().orElse("?") + ")"
            : t.latency().map(l -> String.format(Locale.ROOT, "reachable, ping %.2f ms", l.toNanos() / 1e6))
                .orElse("reachable, " + t.error().orElse("no ping"));
        out.println("  " + t.transport() + " " + t.address() + ": " + state);
      }
      out.println("  dht protocol: " + yes(n.speaksDht()) + ", agent: " + (n.agentVersion().isEmpty() ? "?"
          : n.agentVersion()) + ", routing table seen: " + n.routingTableSizeSeen() + " peers, lookups converge: "
          + yes(n.lookupsConverge()) + ", knows the other nodes: " + yes(n.knowsOtherBootstraps()));
    }
    out.println("set: " + report.verdict());
    out.flush();
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }
}

package io.rvnt.app.bootstrap;

import io.rvnt.app.CliException;
import io.rvnt.app.NodeOptions;
import io.rvnt.app.UntilStopped;
import io.rvnt.app.Version;
import io.rvnt.app.dht.DnsServerOption;
import io.rvnt.bootstrap.BootstrapConfig;
import io.rvnt.bootstrap.BootstrapNode;
import io.rvnt.bootstrap.ConfigFile;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.logging.DaemonLogging;
import io.rvnt.p2p.multiformats.MultiaddrList;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rvnt bootstrap}: runs a bootstrap node until SIGTERM. */
@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    resourceBundle = "io.rvnt.app.bootstrap.BootstrapCommand$Help",
    description = {
        "Runs a bootstrap node: an entry point to RVNT's Kademlia DHT (/rvnt/kad/1.0.0), in server mode.",
        "Creates its Ed25519 peer key on first start (DATA_DIR/peer.key, mode 0600), listens on 4001/udp (QUIC) and "
            + "4001/tcp by default, dials the other bootstrap nodes given with --peer, and serves aggregate metrics "
            + "and health on a loopback admin listener (GET /metrics, GET /metrics.pb, GET /health).",
        "Once ready it prints one line per address: 'listening on MULTIADDR/p2p/PEER_ID', the admin listener, and "
            + "with --mdns one 'mdns: ...' line saying where LAN discovery runs. SIGTERM stops it cleanly."})
public final class BootstrapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions options;

  @Option(names = "--peer", paramLabel = "MULTIADDR", description = "Another bootstrap node, with /p2p/PEER_ID, "
      + "or /dnsaddr/DOMAIN for every node its DNS TXT records list (looked up again every 30 s; the node skips "
      + "itself); repeatable.")
  List<String> peers = new ArrayList<>();

  @Mixin DnsServerOption dns;

  @Option(names = "--mdns-quiet", description = "Discover LAN peers with mDNS but never answer or announce "
      + "(implies --mdns).")
  boolean mdnsQuiet;

  @Option(names = "--aggregate-log-interval", paramLabel = "DURATION",
      description = "How often to log the aggregate lines (requests and latency per Kademlia type; disk, memory): "
          + "30s, 10m, 1h..., from 1s to 24h. Default: 1h.")
  String aggregateLogInterval;

  @Override
  public Integer call() throws Exception {
    DaemonLogging.useShutdownSafeLogManager();
    BootstrapConfig c = configuration();
    DaemonLogging.configure(c.logLevel());
    BootstrapNode node;
    try {
      PrintWriter err = spec.commandLine().getErr();
      node = BootstrapNode.start(c, Version.current(), Clock.systemUTC(), line -> {
        err.println("rvnt bootstrap: WARNING: " + line);
        err.flush();
      });
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
    UntilStopped running = UntilStopped.serve("bootstrap node", node, options.parentPid());
    PrintWriter out = spec.commandLine().getOut();
    UntilStopped.printAddresses(out, node.listenAddresses(), node.adminAddress());
    node.lanStatus().ifPresent(out::println);
    out.flush();
    running.await();
    return 0;
  }

  private BootstrapConfig configuration() {
    return options.configuration(BootstrapConfig.defaults(), ConfigFile::apply, c -> new BootstrapConfig(
        options.dataDir(c.dataDir()),
        options.listen(c.listen()),
        options.admin(c.admin()),
        c.adminLimits(),
        peers.isEmpty() ? c.peers() : MultiaddrList.parse(peers),
        c.peerRetry(), options.maxConnections(c.maxConnections()), c.dht(),
        options.lan(mdnsQuiet, c.lan()),
        options.logLevel(c.logLevel()),
        dns.server().or(c::dnsServer),
        aggregateLogInterval != null ? AggregateReporter.parseInterval(aggregateLogInterval)
            : c.aggregateLogInterval()));
  }

  /** The words of {@link NodeOptions}' help that are the bootstrap node's own (picocli reads them by class name). */
  public static final class Help extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
      return new Object[][] {
          {"node.config", "Properties file (data-dir, listen, admin, admin-max-request-bytes, admin-idle-timeout, "
              + "admin-max-connections, admin-snapshot-queue, peer, dns-server, max-connections, mdns, mdns-quiet, "
              + "dns-sd, mdns-interface, log-level, aggregate-log-interval; lists separated by commas)."},
          {"node.data", "DHT records"},
          {"node.data-dir", "/var/lib/rvnt/bootstrap"},
          {"node.port", "4001"},
          {"node.admin-port", "4011"},
          {"node.mdns", "Announce this node on the LAN and join LAN peers into the DHT (libp2p mDNS; "
              + "docs/discovery.md). Only on interfaces the node listens on. Default: off."},
          {"node.name", "node"},
          {"node.mdns-interface", "Run mDNS"},
          {"node.log-never", "a peer, an address or a key"},
      };
    }
  }
}

package io.rvnt.app.bootstrap;

import io.rvnt.app.CliException;
import io.rvnt.app.UntilStopped;
import io.rvnt.app.Version;
import io.rvnt.app.dht.DnsServerOption;
import io.rvnt.bootstrap.BootstrapConfig;
import io.rvnt.bootstrap.BootstrapNode;
import io.rvnt.bootstrap.ConfigFile;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.daemon.logging.DaemonLogging;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.multiformats.MultiaddrList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    description = {
        "Runs a bootstrap node: an entry point to RVNT's Kademlia DHT (/rvnt/kad/1.0.0), in server mode.",
        "Creates its Ed25519 peer key on first start (DATA_DIR/peer.key, mode 0600), listens on 4001/udp (QUIC) and "
            + "4001/tcp by default, dials the other bootstrap nodes given with --peer, and serves aggregate metrics "
            + "and health on a loopback admin listener (GET /metrics, GET /metrics.pb, GET /health).",
        "Once ready it prints one line per address: 'listening on MULTIADDR/p2p/PEER_ID', the admin listener, and "
            + "with --mdns one 'mdns: ...' line saying where LAN discovery runs. SIGTERM stops it cleanly."})
public final class BootstrapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file (data-dir, listen, admin, admin-max-request-bytes, admin-idle-timeout, "
          + "admin-max-connections, admin-snapshot-queue, peer, dns-server, max-connections, mdns, mdns-quiet, "
          + "dns-sd, mdns-interface, log-level, aggregate-log-interval; lists separated by commas). Options given on the command line "
          + "override it.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Peer key and DHT records. Default: "
      + "/var/lib/rvnt/bootstrap.")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Listen address, repeatable. Default: "
      + "/ip4/0.0.0.0/udp/4001/quic-v1 and /ip4/0.0.0.0/tcp/4001.")
  List<String> listen = new ArrayList<>();

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Loopback admin listener (metrics, health). "
      + "Default: 127.0.0.1:4011 (port 0 picks a free one).")
  String admin;

  @Option(names = "--peer", paramLabel = "MULTIADDR", description = "Another bootstrap node, with /p2p/PEER_ID, "
      + "or /dnsaddr/DOMAIN for every node its DNS TXT records list (looked up again every 30 s; the node skips "
      + "itself); repeatable.")
  List<String> peers = new ArrayList<>();

  @Mixin DnsServerOption dns;

  @Option(names = "--max-connections", paramLabel = "N", description = "Open libp2p connections at most. Default: "
      + "10000.")
  Integer maxConnections;

  @Option(names = "--mdns", description = "Announce this node on the LAN and join LAN peers into the DHT (libp2p "
      + "mDNS; docs/discovery.md). Only on interfaces the node listens on. Default: off.")
  boolean mdns;

  @Option(names = "--mdns-quiet", description = "Discover LAN peers with mDNS but never answer or announce "
      + "(implies --mdns).")
  boolean mdnsQuiet;

  @Option(names = "--dns-sd", description = "Also register the DNS-SD services _rvnt._udp and _rvnt._tcp, so "
      + "Bonjour browsers list the node (implies --mdns).")
  boolean dnsSd;

  @Option(names = "--mdns-interface", paramLabel = "NAME", description = "Run mDNS on this interface instead of "
      + "those the listen addresses name; repeatable (implies --mdns).")
  List<String> mdnsInterfaces = new ArrayList<>();

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "off, error, warn (default), info, debug or trace. Logs go to stderr and never name a peer, an "
          + "address or a key.")
  String logLevel;

  @Option(names = "--aggregate-log-interval", paramLabel = "DURATION",
      description = "How often to log the aggregate lines (requests and latency per Kademlia type; disk, memory): "
          + "30s, 10m, 1h..., from 1s to 24h. Default: 1h.")
  String aggregateLogInterval;

  @Option(names = "--parent-pid", paramLabel = "PID",
      description = "Exit when process PID is gone; set by the console and the sandbox for their children.")
  Long parentPid;

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
    UntilStopped running = UntilStopped.serve("bootstrap node", node, parentPid);
    PrintWriter out = spec.commandLine().getOut();
    UntilStopped.printAddresses(out, node.listenAddresses(), node.adminAddress());
    node.lanStatus().ifPresent(out::println);
    out.flush();
    running.await();
    return 0;
  }

  private BootstrapConfig configuration() {
    try {
      BootstrapConfig c = BootstrapConfig.defaults();
      if (config != null) {
        c = ConfigFile.apply(c, config);
      }
      return new BootstrapConfig(
          dataDir != null ? dataDir : c.dataDir(),
          listen.isEmpty() ? c.listen() : MultiaddrList.parse(listen),
          admin != null ? SettingsFile.hostPort(admin) : c.admin(),
          c.adminLimits(),
          peers.isEmpty() ? c.peers() : MultiaddrList.parse(peers),
          c.peerRetry(), maxConnections != null ? maxConnections : c.maxConnections(), c.dht(),
          LanDiscoveryConfig.fromFlags(mdns, mdnsQuiet, dnsSd, mdnsInterfaces, c.lan()),
          logLevel != null ? SettingsFile.logLevel(logLevel) : c.logLevel(),
          dns.server().or(c::dnsServer),
          aggregateLogInterval != null ? AggregateReporter.parseInterval(aggregateLogInterval)
              : c.aggregateLogInterval());
    } catch (IOException e) {
      throw new CliException("cannot read the configuration file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}

package io.rvnt.app.relay;

import io.rvnt.app.CliException;
import io.rvnt.app.UntilStopped;
import io.rvnt.app.Version;
import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.daemon.logging.DaemonLogging;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.multiformats.MultiaddrList;
import io.rvnt.relay.daemon.RelayConfig;
import io.rvnt.relay.daemon.RelayConfigFile;
import io.rvnt.relay.daemon.RelayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rvnt relay}: runs a relay node until SIGTERM. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a relay node: encrypted store-and-forward for offline recipients (/rvnt/relay/1.0.0, "
            + "docs/relay-protocol.md). Envelopes stay at most 7 days; every write is synced.",
        "Creates its Ed25519 peer key on first start (DATA_DIR/peer.key, mode 0600) and keeps mailboxes in "
            + "DATA_DIR/mailboxes (RocksDB). Listens on 4002/udp (QUIC) and 4002/tcp by default, and serves "
            + "aggregate metrics and health on a loopback admin listener (GET /metrics, GET /metrics.pb, "
            + "GET /health; docs/admin.md).",
        "Once ready it prints one line per address: 'listening on MULTIADDR/p2p/PEER_ID', then the admin listener, "
            + "with --mdns one 'mdns: ...' line saying where it announces itself. SIGTERM stops it cleanly."})
public final class RelayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file: data-dir, listen, admin, admin-max-request-bytes, admin-idle-timeout, "
          + "admin-max-connections, admin-snapshot-queue, max-connections, log-level, mdns, dns-sd, "
          + "mdns-interface and every limit of "
          + "docs/relay-protocol.md §8 (docs/relay.md). Options given on the command line override it.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Peer key and mailboxes. Default: "
      + "/var/lib/rvnt/relay.")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Listen address, repeatable. Default: "
      + "/ip4/0.0.0.0/udp/4002/quic-v1 and /ip4/0.0.0.0/tcp/4002.")
  List<String> listen = new ArrayList<>();

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Loopback admin listener (metrics, health). "
      + "Default: 127.0.0.1:4012 (port 0 picks a free one).")
  String admin;

  @Option(names = "--max-connections", paramLabel = "N", description = "Open libp2p connections at most. Default: "
      + "10000.")
  Integer maxConnections;

  @Option(names = "--mdns", description = "Announce this relay on the LAN with libp2p mDNS, so LAN clients find it "
      + "(docs/discovery.md); it joins no one. Only on interfaces the relay listens on. Default: off.")
  boolean mdns;

  @Option(names = "--dns-sd", description = "Also register the DNS-SD services _rvnt._udp and _rvnt._tcp, so "
      + "Bonjour browsers list the relay (implies --mdns).")
  boolean dnsSd;

  @Option(names = "--mdns-interface", paramLabel = "NAME", description = "Announce on this interface instead of "
      + "those the listen addresses name; repeatable (implies --mdns).")
  List<String> mdnsInterfaces = new ArrayList<>();

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "off, error, warn (default), info, debug or trace. Logs go to stderr and never name a mailbox, "
          + "a deposit or envelope id, a key, a peer or an address.")
  String logLevel;

  @Option(names = "--parent-pid", paramLabel = "PID",
      description = "Exit when process PID is gone; set by the console and the sandbox for their children.")
  Long parentPid;

  @Override
  public Integer call() throws Exception {
    DaemonLogging.useShutdownSafeLogManager();
    RelayConfig c = configuration();
    DaemonLogging.configure(c.logLevel());
    RelayNode node;
    try {
      node = RelayNode.start(c, Version.current(), Clock.systemUTC());
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
    UntilStopped running = UntilStopped.serve("relay", node, parentPid);
    PrintWriter out = spec.commandLine().getOut();
    UntilStopped.printAddresses(out, node.listenAddresses(), node.adminAddress());
    node.lanStatus().ifPresent(out::println);
    out.flush();
    running.await();
    return 0;
  }

  private RelayConfig configuration() {
    try {
      RelayConfig c = RelayConfig.defaults();
      if (config != null) {
        c = RelayConfigFile.apply(c, config);
      }
      if (dataDir != null) {
        c = c.withDataDir(dataDir);
      }
      if (!listen.isEmpty()) {
        c = c.withListen(MultiaddrList.parse(listen));
      }
      if (admin != null) {
        c = c.withAdmin(SettingsFile.hostPort(admin));
      }
      if (logLevel != null) {
        c = c.withLogLevel(SettingsFile.logLevel(logLevel));
      }
      if (maxConnections != null) {
        c = c.withMaxConnections(maxConnections);
      }
      c = c.withLan(LanDiscoveryConfig.fromFlags(mdns, false, dnsSd, mdnsInterfaces, c.lan()));
      return c;
    } catch (IOException e) {
      throw new CliException("cannot read the configuration file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}

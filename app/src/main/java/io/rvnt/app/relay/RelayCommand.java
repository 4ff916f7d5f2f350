package io.rvnt.app.relay;

import io.rvnt.app.CliException;
import io.rvnt.app.NodeOptions;
import io.rvnt.app.UntilStopped;
import io.rvnt.app.Version;
import io.rvnt.daemon.logging.DaemonLogging;
import io.rvnt.relay.daemon.RelayConfig;
import io.rvnt.relay.daemon.RelayConfigFile;
import io.rvnt.relay.daemon.RelayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ListResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rvnt relay}: runs a relay node until SIGTERM. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    resourceBundle = "io.rvnt.app.relay.RelayCommand$Help",
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

  @Mixin NodeOptions options;

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
    UntilStopped running = UntilStopped.serve("relay", node, options.parentPid());
    PrintWriter out = spec.commandLine().getOut();
    UntilStopped.printAddresses(out, node.listenAddresses(), node.adminAddress());
    node.lanStatus().ifPresent(out::println);
    out.flush();
    running.await();
    return 0;
  }

  private RelayConfig configuration() {
    return options.configuration(RelayConfig.defaults(), RelayConfigFile::apply, c -> c
        .withDataDir(options.dataDir(c.dataDir()))
        .withListen(options.listen(c.listen()))
        .withAdmin(options.admin(c.admin()))
        .withLogLevel(options.logLevel(c.logLevel()))
        .withMaxConnections(options.maxConnections(c.maxConnections()))
        .withLan(options.lan(false, c.lan())));
  }

  /** The words of {@link NodeOptions}' help that are the relay's own (picocli reads them by class name). */
  public static final class Help extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
      return new Object[][] {
          {"node.config", "Properties file: data-dir, listen, admin, admin-max-request-bytes, admin-idle-timeout, "
              + "admin-max-connections, admin-snapshot-queue, max-connections, log-level, mdns, dns-sd, "
              + "mdns-interface and every limit of docs/relay-protocol.md §8 (docs/relay.md)."},
          {"node.data", "mailboxes"},
          {"node.data-dir", "/var/lib/rvnt/relay"},
          {"node.port", "4002"},
          {"node.admin-port", "4012"},
          {"node.mdns", "Announce this relay on the LAN with libp2p mDNS, so LAN clients find it "
              + "(docs/discovery.md); it joins no one. Only on interfaces the relay listens on. Default: off."},
          {"node.name", "relay"},
          {"node.mdns-interface", "Announce"},
          {"node.log-never", "a mailbox, a deposit or envelope id, a key, a peer or an address"},
      };
    }
  }
}

package io.rvnt.app.server;

import io.rvnt.app.ParentPidOption;
import io.rvnt.app.ParentWatch;
import io.rvnt.app.Version;
import io.rvnt.server.IdentityServer;
import io.rvnt.server.config.ConfigException;
import io.rvnt.server.config.ConfigLoader;
import io.rvnt.server.config.HostPort;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.daemon.logging.DaemonLogging;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rvnt server}: runs the identity server until SIGTERM or Ctrl-C. Configuration comes from the defaults of
 * docs/server-config.md, then {@code --config FILE}, then the flags. Prints one line per listener once bound (a
 * cluster member's witness has no API listener, and a member also prints its Raft listener, docs/cluster.md).
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the identity server (docs/identity-protocol.md) until SIGTERM or Ctrl-C.",
      "Settings: built-in defaults, then --config FILE (docs/server-config.md), then these flags."
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "RocksDB data directory (created 0700). Default: $XDG_DATA_HOME/rvnt/identity or "
          + "~/.local/share/rvnt/identity.")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "API address. Default: 127.0.0.1:8080.")
  String listen;

  @Option(names = "--admin", paramLabel = "HOST:PORT",
      description = "Admin (metrics) address. Default: 127.0.0.1:9090.")
  String admin;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "off, error, warn (default), info, debug or trace. Logs never carry request data.")
  String logLevel;

  @Option(names = "--aggregate-log-interval", paramLabel = "DURATION",
      description = "How often to log the aggregate lines (requests, errors, latency per route; disk, memory), "
          + "from 1s to 24h. Default: 1h.")
  String aggregateLogInterval;

  @Mixin ParentPidOption parent;

  @Override
  public Integer call() throws Exception {
    DaemonLogging.useShutdownSafeLogManager();
    IdentityServerConfig settings = loadConfig();
    DaemonLogging.configure(settings.logLevel());
    IdentityServer server = IdentityServer.start(settings, Clock.systemUTC(), Version.current());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "rvnt-shutdown"));
    ParentWatch.exitWhenGone(parent.pid());
    PrintWriter out = spec.commandLine().getOut();
    for (InetSocketAddress address : server.listenAddresses()) {
      out.println("identity server listening on " + url(address));
    }
    // A member names itself first, so the lines of three members on one terminal tell them apart.
    server.cluster().ifPresent(node -> out.println("cluster member " + node.name() + " (" + node.role().configName()
        + ") replicating on " + hostPort(node.raftAddress())));
    out.println("admin listening on " + url(server.adminAddress()));
    out.flush();
    stopped.await();
    return 0;
  }

  private IdentityServerConfig loadConfig() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (dataDir != null) {
      overrides.put("data-dir", dataDir.toString());
    }
    if (listen != null) {
      overrides.put("listen", listen);
    }
    if (admin != null) {
      overrides.put("admin-listen", admin);
    }
    if (logLevel != null) {
      overrides.put("log-level", logLevel);
    }
    if (aggregateLogInterval != null) {
      overrides.put("aggregate-log-interval", aggregateLogInterval);
    }
    try {
      return ConfigLoader.load(config, overrides, defaultDataDir());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad configuration: " + e.getMessage(), e);
    }
  }

  /** {@code $XDG_DATA_HOME/rvnt/identity}, or {@code ~/.local/share/rvnt/identity} (XDG Base Directory spec). */
  static Path defaultDataDir() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("rvnt").resolve("identity");
  }

  private static String url(InetSocketAddress address) {
    return "http://" + hostPort(address);
  }

  private static HostPort hostPort(InetSocketAddress address) {
    return new HostPort(address.getAddress().getHostAddress(), address.getPort());
  }
}

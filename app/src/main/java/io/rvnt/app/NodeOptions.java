package io.rvnt.app;

import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every libp2p node command ({@code rvnt bootstrap}, {@code rvnt relay}) takes, as a picocli mixin:
 * the same names and meaning for both. What differs in their help (default ports and directory, what the node
 * keeps and announces, what its logs leave out) comes from the command's resource bundle under the {@code node.*}
 * keys, so each node's help states its own defaults.
 */
public final class NodeOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "${bundle:node.config} Options given on the command line override it.")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Peer key and ${bundle:node.data}. Default: ${bundle:node.data-dir}.")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Listen address, repeatable. Default: "
      + "/ip4/0.0.0.0/udp/${bundle:node.port}/quic-v1 and /ip4/0.0.0.0/tcp/${bundle:node.port}.")
  List<String> listen = new ArrayList<>();

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Loopback admin listener (metrics, health). "
      + "Default: 127.0.0.1:${bundle:node.admin-port} (port 0 picks a free one).")
  String admin;

  @Option(names = "--max-connections", paramLabel = "N", description = "Open libp2p connections at most. Default: "
      + "10000.")
  Integer maxConnections;

  @Option(names = "--mdns", description = "${bundle:node.mdns}")
  boolean mdns;

  @Option(names = "--dns-sd", description = "Also register the DNS-SD services _rvnt._udp and _rvnt._tcp, so "
      + "Bonjour browsers list the ${bundle:node.name} (implies --mdns).")
  boolean dnsSd;

  @Option(names = "--mdns-interface", paramLabel = "NAME", description = "${bundle:node.mdns-interface} on this "
      + "interface instead of those the listen addresses name; repeatable (implies --mdns).")
  List<String> mdnsInterfaces = new ArrayList<>();

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "off, error, warn (default), info, debug or trace. Logs go to stderr and never name "
          + "${bundle:node.log-never}.")
  String logLevel;

  @Mixin ParentPidOption parent;

  /** Reads a node's configuration file on top of {@code base}, as its {@code ConfigFile.apply} does. */
  @FunctionalInterface
  public interface FileReader<C> {
    C apply(C base, Path file) throws IOException;
  }

  /**
   * The node's configuration: {@code defaults}, then {@code --config FILE}, then {@code flags} (the options given,
   * through the accessors below). A file that cannot be read, or a bad value, is one {@link CliException} line.
   */
  public <C> C configuration(C defaults, FileReader<C> file, UnaryOperator<C> flags) {
    try {
      return flags.apply(config == null ? defaults : file.apply(defaults, config));
    } catch (IOException e) {
      throw new CliException("cannot read the configuration file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  public Path dataDir(Path fallback) {
    return dataDir != null ? dataDir : fallback;
  }

  public List<Multiaddr> listen(List<Multiaddr> fallback) {
    return listen.isEmpty() ? fallback : MultiaddrList.parse(listen);
  }

  public InetSocketAddress admin(InetSocketAddress fallback) {
    return admin != null ? SettingsFile.hostPort(admin) : fallback;
  }

  public int maxConnections(int fallback) {
    return maxConnections != null ? maxConnections : fallback;
  }

  public LogLevel logLevel(LogLevel fallback) {
    return logLevel != null ? SettingsFile.logLevel(logLevel) : fallback;
  }

  /** LAN discovery as the flags set it on top of {@code base}; {@code quiet} is bootstrap's --mdns-quiet. */
  public Optional<LanDiscoveryConfig> lan(boolean quiet, Optional<LanDiscoveryConfig> base) {
    return LanDiscoveryConfig.fromFlags(mdns, quiet, dnsSd, mdnsInterfaces, base);
  }

  /** {@link ParentPidOption#pid()}. */
  public Long parentPid() {
    return parent.pid();
  }
}

package io.rvnt.daemon.config;

import io.netty.util.NetUtil;
import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.protocol.text.StrictUtf8;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration file of a libp2p server process (bootstrap node, relay): Java properties with the command
 * line's names, lists separated by commas. An unknown key is an error, so that a misspelt setting is not silently
 * ignored; a bad value is an error naming its key. The settings every such server shares are read here: the admin
 * listener's address and limits ({@link #ADMIN_KEYS}, docs/admin.md) and the log level.
 */
public final class SettingsFile {

  /** The admin listener's address and its limits, the same keys on every server. */
  public static final Set<String> ADMIN_KEYS = Set.of("admin", "admin-max-request-bytes", "admin-idle-timeout",
      "admin-max-connections", "admin-snapshot-queue");

  private final Properties properties;

  private SettingsFile(Properties properties) {
    this.properties = properties;
  }

  /**
   * Reads {@code file}.
   *
   * @param known every key the server takes
   * @throws IllegalArgumentException for a key not in {@code known}, naming it and the file, and for a file that is
   *     not UTF-8 text, naming the line
   */
  public static SettingsFile read(Path file, Set<String> known) throws IOException {
    Properties p = new Properties();
    try (Reader in = new StringReader(utf8(file, Files.readAllBytes(file)))) {
      p.load(in);
    }
    for (String key : p.stringPropertyNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' in " + file + " (known: "
            + new TreeSet<>(known) + ")");
      }
    }
    return new SettingsFile(p);
  }

  /**
   * The file's text; bytes that are not UTF-8 are the operator's mistake, said with the line they are on, rather
   * than an I/O error that names nothing.
   */
  private static String utf8(Path file, byte[] bytes) {
    try {
      return StrictUtf8.decode(bytes);
    } catch (StrictUtf8.NotUtf8 e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text: " + e.getMessage() + " (save the file as UTF-8)");
    }
  }

  /** Every key of {@code groups}, for {@link #read}'s known keys. */
  @SafeVarargs
  public static Set<String> union(Set<String>... groups) {
    return Arrays.stream(groups).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
  }

  /** The stripped value of {@code key}, if the file sets it. */
  public Optional<String> text(String key) {
    return Optional.ofNullable(properties.getProperty(key)).map(String::strip);
  }

  /** The keys the file sets. */
  public Set<String> keys() {
    return properties.stringPropertyNames();
  }

  public int integer(String key, int fallback) {
    return text(key).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " is not a number", e);
      }
    }).orElse(fallback);
  }

  /** {@code true} or {@code false}; false when absent. */
  public boolean flag(String key) {
    String v = text(key).orElse("false");
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not " + v);
    }
    return v.equals("true");
  }

  /** The comma-separated items of {@code key}, stripped, without empty ones; empty when absent. */
  public List<String> list(String key) {
    return text(key).map(SettingsFile::items).orElse(List.of());
  }

  /** The admin listener's address ({@code admin}), or {@code fallback}. */
  public InetSocketAddress admin(InetSocketAddress fallback) {
    return text("admin").map(SettingsFile::hostPort).orElse(fallback);
  }

  /** The admin listener's limits: each {@code admin-*} key the file sets, the rest from {@code base}. */
  public AdminLimits adminLimits(AdminLimits base) {
    return new AdminLimits(
        integer("admin-max-request-bytes", base.maxRequestBytes()),
        Duration.ofSeconds(integer("admin-idle-timeout", (int) base.idleTimeout().toSeconds())),
        integer("admin-max-connections", base.maxConnections()),
        integer("admin-snapshot-queue", base.snapshotQueue()));
  }

  /** The log level ({@code log-level}), or {@code fallback}. */
  public LogLevel logLevel(LogLevel fallback) {
    return text("log-level").map(SettingsFile::logLevel).orElse(fallback);
  }

  /** Comma-separated items, stripped, without empty ones. */
  public static List<String> items(String list) {
    return Stream.of(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Parses a log level: off, error, warn, info, debug or trace. */
  public static LogLevel logLevel(String text) {
    try {
      return LogLevel.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log-level: " + e.getMessage(), e);
    }
  }

  /**
   * Parses an admin listener's {@code HOST:PORT} ({@code [::1]:PORT} for IPv6); port 0 lets the system choose. The
   * host must be a literal loopback address or "localhost".
   */
  public static InetSocketAddress hostPort(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not HOST:PORT: " + t);
    }
    String host = t.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + t.substring(colon + 1), e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (host.equals("localhost")) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
    // A literal address only: a name would be looked up (network traffic at start-up, and an answer that may not be
    // loopback at all), and the admin listener serves metrics that must not leave the host.
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    InetAddress address;
    try {
      address = ip == null ? null : InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError("an IP address of 4 or 16 bytes", e);
    }
    if (address == null || !address.isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin listener takes a loopback address or localhost, not " + host);
    }
    return new InetSocketAddress(address, port);
  }
}

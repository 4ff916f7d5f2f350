package io.rvnt.server.config;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.server.pow.PowConfig;
import io.rvnt.server.ratelimit.RateLimitPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the server's configuration: {@code key = value} lines (blank lines and lines starting with {@code #} are
 * ignored), every key of docs/server-config.md, command-line overrides applied last. Unknown keys, repeated keys and
 * bad values are errors naming the key.
 */
public final class ConfigLoader {
  /**
   * The explicit consent to a PROXY-protocol listener off loopback. Whoever can reach such a listener can send a
   * PROXY header of their own and pick the circuit id the rate limits are keyed on (spec §8).
   */
  public static final String PROXY_ON_NON_LOOPBACK = "proxy-protocol-on-non-loopback-trusts-any-sender";

  /** Every key, in the order of docs/server-config.md. */
  public static final Set<String> KEYS =
      Set.of(
          "listen", "listen-proxy-protocol", "onion-listen", "onion-listen-proxy-protocol", PROXY_ON_NON_LOOPBACK,
          "admin-listen", "admin-max-request-bytes", "admin-idle-timeout", "admin-max-connections",
          "admin-snapshot-queue", "data-dir", "register-pow-bits", "write-pow-bits", "timestamp-window",
          "replay-cache-capacity", "max-prekeys-per-upload", "max-stored-prekeys", "max-body-bytes",
          "max-request-line-bytes", "max-header-bytes", "request-receive-timeout", "idle-timeout", "max-connections",
          "max-pipelined-requests", "worker-threads", "worker-queue", "rate-limit-circuit-api-per-minute",
          "rate-limit-circuit-register-per-minute", "rate-limit-direct-api-per-minute",
          "rate-limit-direct-register-per-minute", "rate-limit-table-capacity", "min-free-disk", "log-level",
          "aggregate-log-interval", "pow-seed-key", "pow-seed-period", "pow-queue-capacity", "pow-queue-deadline",
          "pow-update-period", "pow-effort-increase", "pow-effort-decrease-factor", "pow-effort-ceiling",
          "cluster-self", "cluster-listen", "cluster-key", "cluster-certificate", "cluster-election-timeout",
          "cluster-request-timeout", "cluster-snapshot-every", "cluster-max-healthy-lag", "cluster-log-segment-size",
          "cluster-max-writes-in-flight");

  /** One key per cluster member: {@code cluster-member.NAME = ROLE HOST:PORT CERTIFICATE-SHA256}. */
  public static final String MEMBER_PREFIX = "cluster-member.";

  /** Whether {@code key} is a configuration key: one of {@link #KEYS} or a cluster member's. */
  public static boolean isKey(String key) {
    return KEYS.contains(key) || key.startsWith(MEMBER_PREFIX);
  }

  private ConfigLoader() {}

  /** Parses the file's text into key/value pairs; errors name the line, never print its value. */
  public static Map<String, String> parseFile(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new ConfigException("line " + (i + 1), "expected key = value");
      }
      String key = line.substring(0, equals).strip();
      if (!isKey(key)) {
        throw new ConfigException(key, "unknown key (line " + (i + 1) + ")");
      }
      if (values.put(key, line.substring(equals + 1).strip()) != null) {
        throw new ConfigException(key, "set twice (line " + (i + 1) + ")");
      }
    }
    return values;
  }

  /** Builds the configuration: defaults, then {@code file} (may be null), then {@code overrides}. */
  public static IdentityServerConfig load(Path file, Map<String, String> overrides, Path defaultDataDir)
      throws ConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(parseFile(file));
    }
    values.putAll(overrides);
    return fromMap(values, defaultDataDir);
  }

  /** Builds the configuration from key/value pairs on top of the defaults. */
  public static IdentityServerConfig fromMap(Map<String, String> values, Path defaultDataDir)
      throws ConfigException {
    for (String key : values.keySet()) {
      if (!isKey(key)) {
        throw new ConfigException(key, "unknown key");
      }
    }
    Values v = new Values(values);
    IdentityServerConfig d = IdentityServerConfig.defaults(defaultDataDir);
    List<ListenerConfig> listeners = new ArrayList<>();
    listeners.add(
        new ListenerConfig(
            "listen",
            v.hostPort("listen", d.listeners().get(0).address()),
            v.proxyMode("listen-proxy-protocol", ProxyProtocolMode.OPTIONAL)));
    if (values.containsKey("onion-listen") && !values.get("onion-listen").isEmpty()) {
      listeners.add(
          new ListenerConfig(
              "onion-listen",
              v.hostPort("onion-listen", null),
              v.proxyMode("onion-listen-proxy-protocol", ProxyProtocolMode.REQUIRED)));
    } else if (values.containsKey("onion-listen-proxy-protocol")) {
      throw new ConfigException("onion-listen-proxy-protocol", "set without onion-listen");
    }
    int registerPowBits = v.integer("register-pow-bits", d.registerPowBits(), 0, 62);
    Optional<ClusterConfig> cluster = cluster(values, v);
    if (cluster.isPresent() && !values.containsKey("pow-seed-key")) {
      throw new ConfigException("pow-seed-key", "a cluster member needs the proof-of-work seed key every member "
          + "shares, or a seed one member hands out fails on the others (docs/cluster.md)");
    }
    if (!v.bool(PROXY_ON_NON_LOOPBACK, false)) {
      for (ListenerConfig listener : listeners) {
        refuseProxyProtocolOffLoopback(listener);
      }
    }
    return new IdentityServerConfig(
        listeners,
        v.hostPort("admin-listen", d.admin()),
        new AdminLimits(
            v.integer("admin-max-request-bytes", d.adminLimits().maxRequestBytes(), 256, 1 << 20),
            v.duration("admin-idle-timeout", d.adminLimits().idleTimeout()),
            v.integer("admin-max-connections", d.adminLimits().maxConnections(), 1, 1_024),
            v.integer("admin-snapshot-queue", d.adminLimits().snapshotQueue(), 1, 1_024)),
        v.optionalPath("data-dir").orElse(d.dataDir()),
        registerPowBits,
        v.integer("write-pow-bits", d.writePowBits(), 0, 62),
        v.duration("timestamp-window", d.timestampWindow()),
        v.integer("replay-cache-capacity", d.replayCacheCapacity(), 1, 1 << 26),
        v.integer("max-prekeys-per-upload", d.maxPrekeysPerUpload(), 1, 10_000),
        v.integer("max-stored-prekeys", d.maxStoredPrekeys(), 0, 100_000),
        v.integer("max-body-bytes", d.maxBodyBytes(), 1_024, 64 << 20),
        v.integer("max-request-line-bytes", d.maxRequestLineBytes(), 64, 1 << 20),
        v.integer("max-header-bytes", d.maxHeaderBytes(), 256, 1 << 20),
        v.duration("request-receive-timeout", d.requestReceiveTimeout()),
        v.duration("idle-timeout", d.idleTimeout()),
        v.integer("max-connections", d.maxConnections(), 1, 1_000_000),
        v.integer("max-pipelined-requests", d.maxPipelinedRequests(), 0, 1_024),
        v.integer("worker-threads", d.workerThreads(), 1, 1_024),
        v.integer("worker-queue", d.workerQueue(), 1, 1 << 20),
        v.perMinute("rate-limit-circuit-api-per-minute", d.circuitApi()),
        v.perMinute("rate-limit-circuit-register-per-minute", d.circuitRegister()),
        v.perMinute("rate-limit-direct-api-per-minute", d.directApi()),
        v.perMinute("rate-limit-direct-register-per-minute", d.directRegister()),
        v.integer("rate-limit-table-capacity", d.rateLimitTableCapacity(), 1, 1 << 24),
        v.bytes("min-free-disk", d.minFreeDiskBytes()),
        v.logLevel("log-level", d.logLevel()),
        v.aggregateLogInterval("aggregate-log-interval", d.aggregateLogInterval()),
        pow(v, registerPowBits, d.pow()),
        cluster);
  }

  /** The adaptive proof of work's keys (spec §6.4–§6.6); every failure names its key. */
  private static PowConfig pow(Values v, int registerPowBits, PowConfig d)
      throws ConfigException {
    long floor = 1L << registerPowBits;
    long ceiling = v.longInteger("pow-effort-ceiling", d.ceiling(), 1, Long.MAX_VALUE);
    if (ceiling < floor) {
      throw new ConfigException("pow-effort-ceiling",
          "expected at least the registration floor, 2^register-pow-bits = " + floor);
    }
    return new PowConfig(
        v.optionalPath("pow-seed-key"),
        v.duration("pow-seed-period", d.seedPeriod(), Duration.ofSeconds(1)),
        v.integer("pow-queue-capacity", d.queueCapacity(), 1, 1 << 20),
        v.duration("pow-queue-deadline", d.queueDeadline()),
        v.duration("pow-update-period", d.updatePeriod(), Duration.ofMillis(100)),
        v.longInteger("pow-effort-increase", d.increase(), 1, 1L << 62),
        v.fraction("pow-effort-decrease-factor", d.decreaseFactor()),
        ceiling);
  }

  /** The cluster keys: all absent is the single instance; {@code cluster-self} makes a member. */
  private static Optional<ClusterConfig> cluster(Map<String, String> values, Values v) throws ConfigException {
    List<String> clusterKeys = values.keySet().stream().filter(k -> k.startsWith("cluster-")).sorted().toList();
    if (!values.containsKey("cluster-self")) {
      if (!clusterKeys.isEmpty()) {
        throw new ConfigException(clusterKeys.get(0), "set without cluster-self");
      }
      return Optional.empty();
    }
    String self = values.get("cluster-self");
    List<ClusterMember> members = new ArrayList<>();
    for (String key : clusterKeys) {
      if (key.startsWith(MEMBER_PREFIX)) {
        members.add(member(key, values.get(key)));
      }
    }
    if (members.size() < 3) {
      throw new ConfigException(MEMBER_PREFIX + "NAME", "a cluster has at least three members (two instances and a "
          + "witness): with two, neither can be elected once the other is gone");
    }
    ClusterMember me = members.stream().filter(m -> m.name().equals(self)).findFirst()
        .orElseThrow(() -> new ConfigException("cluster-self", "no " + MEMBER_PREFIX + self + " line"));
    if (members.stream().map(ClusterMember::certificatePin).distinct().count() < members.size()) {
      throw new ConfigException(MEMBER_PREFIX + "NAME", "two members have the same certificate: each member "
          + "needs its own key (./rvnt cluster keygen)");
    }
    if (!values.containsKey("cluster-key") || !values.containsKey("cluster-certificate")) {
      throw new ConfigException(values.containsKey("cluster-key") ? "cluster-certificate" : "cluster-key",
          "a member needs its TLS key and certificate (./rvnt cluster keygen writes both)");
    }
    return Optional.of(new ClusterConfig(
        self,
        members,
        v.hostPort("cluster-listen", me.raftAddress()),
        v.path("cluster-key"),
        v.path("cluster-certificate"),
        v.duration("cluster-election-timeout", ClusterConfig.DEFAULT_ELECTION_TIMEOUT, Duration.ofMillis(100)),
        v.duration("cluster-request-timeout", ClusterConfig.DEFAULT_REQUEST_TIMEOUT),
        v.integer("cluster-snapshot-every", (int) ClusterConfig.DEFAULT_SNAPSHOT_EVERY, 100, 100_000_000),
        v.integer("cluster-max-healthy-lag", (int) ClusterConfig.DEFAULT_MAX_HEALTHY_LAG, 0, 100_000_000),
        segmentSize(v),
        v.integer("cluster-max-writes-in-flight", ClusterConfig.DEFAULT_MAX_WRITES_IN_FLIGHT, 1,
            ClusterConfig.MAX_WRITES_IN_FLIGHT)));
  }

  private static long segmentSize(Values v) throws ConfigException {
    long bytes = v.bytes("cluster-log-segment-size", ClusterConfig.DEFAULT_LOG_SEGMENT_BYTES);
    if (bytes < ClusterConfig.MIN_LOG_SEGMENT_BYTES || bytes > (1L << 30)) {
      throw new ConfigException("cluster-log-segment-size", "expected a size from 64KiB to 1GiB");
    }
    return bytes;
  }

  /** {@code cluster-member.NAME = ROLE HOST:PORT CERTIFICATE-SHA256}. */
  private static ClusterMember member(String key, String value) throws ConfigException {
    String name = key.substring(MEMBER_PREFIX.length());
    String[] fields = value.strip().split("\\s+");
    if (fields.length != 3) {
      throw new ConfigException(key, "expected ROLE HOST:PORT CERTIFICATE-SHA256 (role active, passive or witness)");
    }
    MemberRole role;
    try {
      role = MemberRole.valueOf(fields[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "expected the role active, passive or witness");
    }
    try {
      return new ClusterMember(name, role, HostPort.parse(fields[1]), ClusterMember.normalizePin(fields[2]));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  /**
   * A listener that decodes PROXY headers believes whatever source address, and so circuit id, a connection
   * claims: only Tor (or nginx) on the same host may reach it. Off loopback, anyone who can reach the address could
   * choose their own circuit id for every request and escape the per-circuit rate limits.
   */
  private static void refuseProxyProtocolOffLoopback(ListenerConfig listener) throws ConfigException {
    if (listener.proxyProtocol() == ProxyProtocolMode.OFF || isLoopback(listener.address().host())) {
      return;
    }
    String modeKey = listener.name() + "-proxy-protocol";
    throw new ConfigException(modeKey, listener.proxyProtocol().name().toLowerCase(Locale.ROOT) + " on "
        + listener.address() + ", which is not a loopback address: anyone who reaches it can send a PROXY header "
        + "with a circuit id of their choosing and escape the per-circuit rate limits. Bind " + listener.name()
        + " to loopback, set " + modeKey + " = off, or accept that risk with " + PROXY_ON_NON_LOOPBACK + " = true");
  }

  /** Every address {@code host} stands for is loopback (a literal is not looked up; a name that fails is not). */
  static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Typed access to the raw values; every failure names its key. */
  private record Values(Map<String, String> raw) {
    String get(String key) {
      return raw.get(key);
    }

    HostPort hostPort(String key, HostPort fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      try {
        return HostPort.parse(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, e.getMessage());
      }
    }

    ProxyProtocolMode proxyMode(String key, ProxyProtocolMode fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      try {
        return ProxyProtocolMode.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, "expected off, optional or required");
      }
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new ConfigException(key, "expected true or false");
      };
    }

    Path path(String key) throws ConfigException {
      String value = get(key);
      if (value.isEmpty()) {
        throw new ConfigException(key, "empty path");
      }
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        // A NUL byte, say, from a file saved by the wrong tool: a bad value like any other, not a crash at start-up.
        throw new ConfigException(key, "not a path (" + e.getReason() + ")");
      }
    }

    /** The {@link #path} set for {@code key}, or empty when the key is absent. */
    Optional<Path> optionalPath(String key) throws ConfigException {
      return raw.containsKey(key) ? Optional.of(path(key)) : Optional.empty();
    }

    int integer(String key, int fallback, int min, int max) throws ConfigException {
      return (int) longInteger(key, fallback, min, max);
    }

    long longInteger(String key, long fallback, long min, long max) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      long parsed;
      try {
        parsed = Long.parseLong(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected an integer");
      }
      if (parsed < min || parsed > max) {
        throw new ConfigException(key, "expected an integer from " + min + " to " + max);
      }
      return parsed;
    }

    /** A decimal strictly between 0 and 1, such as {@code 0.667}. */
    double fraction(String key, double fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      double parsed;
      try {
        parsed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected a decimal such as 0.667");
      }
      if (!(parsed > 0 && parsed < 1)) {
        throw new ConfigException(key, "expected a decimal greater than 0 and less than 1");
      }
      return parsed;
    }

    RateLimitPolicy perMinute(String key, RateLimitPolicy fallback) throws ConfigException {
      return get(key) == null
          ? fallback
          : RateLimitPolicy.perMinute(integer(key, fallback.permits(), 1, 1_000_000));
    }

    /** A {@link #duration} from one second to one day: the aggregate log lines' period. */
    Duration aggregateLogInterval(String key, Duration fallback) throws ConfigException {
      Duration interval = duration(key, fallback);
      try {
        AggregateReporter.checkInterval(interval);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, "expected a duration from 1s to 24h");
      }
      return interval;
    }

    /** A {@link #duration} no shorter than {@code min}, a whole number of seconds or of milliseconds. */
    Duration duration(String key, Duration fallback, Duration min) throws ConfigException {
      Duration value = duration(key, fallback);
      if (value.compareTo(min) < 0) {
        long millis = min.toMillis();
        throw new ConfigException(key, "expected at least " + (millis % 1_000 == 0 ? millis / 1_000 + "s"
            : millis + "ms"));
      }
      return value;
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    Duration duration(String key, Duration fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      String v = value.toLowerCase(Locale.ROOT);
      long unitMillis;
      String number;
      if (v.endsWith("ms")) {
        unitMillis = 1;
        number = v.substring(0, v.length() - 2);
      } else if (v.endsWith("s")) {
        unitMillis = 1_000;
        number = v.substring(0, v.length() - 1);
      } else if (v.endsWith("m")) {
        unitMillis = 60_000;
        number = v.substring(0, v.length() - 1);
      } else if (v.endsWith("h")) {
        unitMillis = 3_600_000;
        number = v.substring(0, v.length() - 1);
      } else {
        unitMillis = 1_000;
        number = v;
      }
      try {
        long amount = Long.parseLong(number.strip());
        if (amount <= 0 || amount > 86_400_000L / unitMillis) {
          throw new ConfigException(key, "expected a positive duration of at most one day");
        }
        return Duration.ofMillis(amount * unitMillis);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected a duration such as 10s, 500ms, 2m or 1h");
      }
    }

    /** {@code 536870912}, {@code 512MiB}, {@code 1GiB}, {@code 64KiB}. */
    long bytes(String key, long fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      String v = value.replace(" ", "");
      long unit = 1;
      for (String[] suffix : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
        if (v.endsWith(suffix[0])) {
          unit = Long.parseLong(suffix[1]);
          v = v.substring(0, v.length() - suffix[0].length());
          break;
        }
      }
      try {
        long amount = Long.parseLong(v);
        if (amount < 0 || amount > Long.MAX_VALUE / unit) {
          throw new ConfigException(key, "out of range");
        }
        return amount * unit;
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected a size such as 536870912, 512MiB or 1GiB");
      }
    }

    LogLevel logLevel(String key, LogLevel fallback) throws ConfigException {
      String value = get(key);
      if (value == null) {
        return fallback;
      }
      try {
        return LogLevel.parse(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, e.getMessage());
      }
    }
  }
}

package io.rvnt.server.config;

import io.rvnt.daemon.admin.AdminLimits;
import io.rvnt.daemon.admin.AggregateReporter;
import io.rvnt.daemon.logging.LogLevel;
import io.rvnt.server.pow.PowConfig;
import io.rvnt.server.ratelimit.RateLimitPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every limit of the identity server, with the defaults of docs/server-config.md (which cite the spec's §5–§9), and,
 * for a member of a replicated cluster, its {@link ClusterConfig} (empty: the single embedded instance).
 * Built by {@link ConfigLoader} from a properties-style file and command-line overrides; tests build it with
 * {@link #defaults(Path)} and the {@code with*} copies.
 */
public record IdentityServerConfig(
    List<ListenerConfig> listeners,
    HostPort admin,
    AdminLimits adminLimits,
    Path dataDir,
    int registerPowBits,
    int writePowBits,
    Duration timestampWindow,
    int replayCacheCapacity,
    int maxPrekeysPerUpload,
    int maxStoredPrekeys,
    int maxBodyBytes,
    int maxRequestLineBytes,
    int maxHeaderBytes,
    Duration requestReceiveTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxPipelinedRequests,
    int workerThreads,
    int workerQueue,
    RateLimitPolicy circuitApi,
    RateLimitPolicy circuitRegister,
    RateLimitPolicy directApi,
    RateLimitPolicy directRegister,
    int rateLimitTableCapacity,
    long minFreeDiskBytes,
    LogLevel logLevel,
    Duration aggregateLogInterval,
    PowConfig pow,
    Optional<ClusterConfig> cluster) {

  public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8080);
  public static final HostPort DEFAULT_ADMIN = new HostPort("127.0.0.1", 9090);

  public IdentityServerConfig {
    listeners = List.copyOf(listeners);
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("at least one listener is needed");
    }
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(adminLimits, "adminLimits");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(logLevel, "logLevel");
    AggregateReporter.checkInterval(aggregateLogInterval);
    Objects.requireNonNull(pow, "pow");
    Objects.requireNonNull(cluster, "cluster");
    if (registerPowBits < 0 || registerPowBits > 62 || writePowBits < 0 || writePowBits > 62) {
      throw new IllegalArgumentException("proof-of-work floors are 0 to 62 bits");
    }
    if (pow.ceiling() < (1L << registerPowBits)) {
      throw new IllegalArgumentException("the proof-of-work ceiling is below the registration floor");
    }
  }

  /** The documented defaults, listening on {@link #DEFAULT_LISTEN} with an optional PROXY header. */
  public static IdentityServerConfig defaults(Path dataDir) {
    return new IdentityServerConfig(
        List.of(new ListenerConfig("listen", DEFAULT_LISTEN, ProxyProtocolMode.OPTIONAL)),
        DEFAULT_ADMIN,
        AdminLimits.DEFAULTS,
        dataDir,
        20, // §6.1 register_pow_bits
        16, // §6.1 write_pow_bits
        Duration.ofSeconds(60), // §5 timestamp window
        262_144, // §5 replay cache capacity
        100, // §7.1 max_prekeys_per_upload
        500, // §7.3 max_stored_prekeys
        32_768, // §9 request body
        1_024, // §9 request line
        8_192, // §9 all headers
        Duration.ofSeconds(10), // §9 time to receive a whole request
        Duration.ofSeconds(60), // §9 idle keep-alive
        10_000, // §9 concurrent connections per listener
        16, // §9 pipelined requests waiting behind the one in progress
        Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
        1_024,
        RateLimitPolicy.perMinute(30), // §8
        RateLimitPolicy.perMinute(5), // §8
        RateLimitPolicy.perMinute(600), // §8 direct policy
        RateLimitPolicy.perMinute(60), // §8 direct policy
        65_536, // §8 limiter table
        512L * 1024 * 1024,
        LogLevel.WARN,
        AggregateReporter.DEFAULT_INTERVAL,
        PowConfig.defaults(), // §6.4-§6.6, defaults cited in PowConfig
        Optional.empty());
  }

  public IdentityServerConfig withListeners(List<ListenerConfig> newListeners) {
    return new IdentityServerConfig(newListeners, admin, adminLimits, dataDir, registerPowBits, writePowBits,
        timestampWindow, replayCacheCapacity, maxPrekeysPerUpload, maxStoredPrekeys, maxBodyBytes, maxRequestLineBytes,
        maxHeaderBytes, requestReceiveTimeout, idleTimeout, maxConnections, maxPipelinedRequests, workerThreads,
        workerQueue, circuitApi, circuitRegister, directApi, directRegister, rateLimitTableCapacity, minFreeDiskBytes,
        logLevel, aggregateLogInterval, pow, cluster);
  }
}

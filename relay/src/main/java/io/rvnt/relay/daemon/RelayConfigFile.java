package io.rvnt.relay.daemon;

import io.rvnt.daemon.config.SettingsFile;
import io.rvnt.dht.lan.LanDiscoveryConfig;
import io.rvnt.p2p.multiformats.MultiaddrList;
import io.rvnt.relay.core.RelayLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The relay's configuration file ({@link SettingsFile}: Java properties with the command line's names, lists
 * separated by commas, unknown keys refused), with the admin listener's keys of docs/admin.md, LAN discovery's of
 * docs/discovery.md, and one key per limit of docs/relay-protocol.md §8.
 *
 * <pre>
 * data-dir = /var/lib/rvnt/relay
 * listen = /ip4/0.0.0.0/udp/4002/quic-v1, /ip4/0.0.0.0/tcp/4002
 * admin = 127.0.0.1:4012
 * admin-max-connections = 16
 * max-connections = 10000
 * log-level = warn
 * mdns = true
 * dns-sd = true
 * mdns-interface = eth1
 * max-envelopes-per-mailbox = 1000
 * min-free-disk-bytes = 1073741824
 * </pre>
 */
public final class RelayConfigFile {

  private static final Set<String> OWN_KEYS = Set.of("data-dir", "listen", "max-connections", "log-level");

  private static final Map<String, BiConsumer<RelayLimits.Builder, String>> LIMITS = new LinkedHashMap<>();

  static {
    LIMITS.put("retention-days", (b, v) -> b.retentionDays(integer("retention-days", v)));
    LIMITS.put("create-pow-bits", (b, v) -> b.createPowBits(integer("create-pow-bits", v)));
    LIMITS.put("max-envelopes-per-mailbox", (b, v) -> b.maxEnvelopesPerMailbox(integer("max-envelopes-per-mailbox",
        v)));
    LIMITS.put("max-bytes-per-mailbox", (b, v) -> b.maxBytesPerMailbox(number("max-bytes-per-mailbox", v)));
    LIMITS.put("max-deposit-ids-per-day", (b, v) -> b.maxDepositIdsPerDay(integer("max-deposit-ids-per-day", v)));
    LIMITS.put("register-days-ahead", (b, v) -> b.registerDaysAhead(integer("register-days-ahead", v)));
    LIMITS.put("challenge-ttl-seconds", (b, v) -> b.challengeTtl(Duration.ofSeconds(number("challenge-ttl-seconds",
        v))));
    LIMITS.put("max-collect-envelopes", (b, v) -> b.maxCollectEnvelopes(integer("max-collect-envelopes", v)));
    LIMITS.put("max-collect-bytes", (b, v) -> b.maxCollectBytes(integer("max-collect-bytes", v)));
    LIMITS.put("max-request-bytes", (b, v) -> b.maxRequestBytes(integer("max-request-bytes", v)));
    LIMITS.put("requests-per-second", (b, v) -> b.requestsPerSecond(integer("requests-per-second", v)));
    LIMITS.put("request-burst", (b, v) -> b.requestBurst(integer("request-burst", v)));
    LIMITS.put("max-pipelined-requests", (b, v) -> b.maxPipelinedRequests(integer("max-pipelined-requests", v)));
    LIMITS.put("min-free-disk-bytes", (b, v) -> b.minFreeDiskBytes(number("min-free-disk-bytes", v)));
    LIMITS.put("write-queue-capacity", (b, v) -> b.writeQueueCapacity(integer("write-queue-capacity", v)));
    LIMITS.put("max-write-batch", (b, v) -> b.maxWriteBatch(integer("max-write-batch", v)));
    LIMITS.put("purge-interval-seconds", (b, v) -> b.purgeInterval(Duration.ofSeconds(number(
        "purge-interval-seconds", v))));
  }

  private RelayConfigFile() {}

  /** The names of every limit setting, in the document's order. */
  public static Set<String> limitKeys() {
    return Collections.unmodifiableSet(LIMITS.keySet());
  }

  /**
   * {@code base} with the settings of {@code file} applied.
   *
   * @throws IllegalArgumentException for an unknown key or a bad value, naming the key
   */
  public static RelayConfig apply(RelayConfig base, Path file) throws IOException {
    SettingsFile s = SettingsFile.read(file, SettingsFile.union(OWN_KEYS, SettingsFile.ADMIN_KEYS,
        LanDiscoveryConfig.SETTING_KEYS, LIMITS.keySet()));
    RelayLimits.Builder limits = base.limits().toBuilder();
    for (String key : s.keys()) {
      BiConsumer<RelayLimits.Builder, String> setting = LIMITS.get(key);
      if (setting != null) {
        setting.accept(limits, s.text(key).orElseThrow());
      }
    }
    return base
        .withDataDir(s.text("data-dir").map(Path::of).orElse(base.dataDir()))
        .withListen(s.text("listen").map(MultiaddrList::parse).orElse(base.listen()))
        .withAdmin(s.admin(base.admin()))
        .withAdminLimits(s.adminLimits(base.adminLimits()))
        .withMaxConnections(s.integer("max-connections", base.maxConnections()))
        .withLogLevel(s.logLevel(base.logLevel()))
        .withLan(LanDiscoveryConfig.fromSettings(s, base.lan()))
        .withLimits(limits.build());
  }

  private static int integer(String key, String value) {
    long n = number(key, value);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " is out of range: " + value);
    }
    return (int) n;
  }

  private static long number(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + value, e);
    }
  }
}

package io.rvnt.dht.probe;

import io.rvnt.dht.DhtConfig;
import java.time.Duration;

/**
 * @param protocolId the DHT protocol the nodes should speak
 * @param randomLookups FIND_NODE queries (and iterative lookups) for random keys per node. Default 3.
 * @param pings pings per reachable address; the median is reported. Default 3.
 * @param timeout for each dial, ping and query. Default 10 s.
 */
public record ProbeConfig(String protocolId, int randomLookups, int pings, Duration timeout) {

  public static final ProbeConfig DEFAULTS =
      new ProbeConfig(DhtConfig.DEFAULT_PROTOCOL_ID, 3, 3, Duration.ofSeconds(10));

  public ProbeConfig {
    if (randomLookups < 1 || pings < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("probe counts and timeout must be positive");
    }
  }
}

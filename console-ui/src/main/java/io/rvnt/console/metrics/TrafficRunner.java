package io.rvnt.console.metrics;

import io.rvnt.operator.traffic.TrafficProgress;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs synthetic traffic: {@code SyntheticTraffic} against an identity server's API, then DHT lookups through the
 * bootstrap nodes at {@code dhtAddresses} (none when the sandbox has no bootstrap node).
 */
@FunctionalInterface
public interface TrafficRunner {
  TrafficProgress run(URI identityApi, List<String> dhtAddresses, int rounds, Consumer<TrafficProgress> progress)
      throws Exception;
}

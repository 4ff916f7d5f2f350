package io.rvnt.console.metrics;

import io.rvnt.operator.traffic.TrafficProgress;
import java.net.URI;
import java.util.function.Consumer;

/** Runs synthetic traffic against an identity server's API; {@code SyntheticTraffic} in the console. */
@FunctionalInterface
public interface TrafficRunner {
  TrafficProgress run(URI identityApi, int rounds, Consumer<TrafficProgress> progress) throws Exception;
}

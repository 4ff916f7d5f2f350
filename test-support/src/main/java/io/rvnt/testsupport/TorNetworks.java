package io.rvnt.testsupport;

import io.rvnt.tor.OnionService;
import io.rvnt.tor.TorNetwork;
import io.rvnt.tor.TorNetworkException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The private Tor network of module {@code tor} for tests: free loopback ports, and a start deadline generous for a
 * busy machine. Starting one costs 15-20 s on an idle 2-core machine (a minute or more under load), so a test class
 * shares one ({@code @BeforeAll}) and closes it in {@code @AfterAll}.
 */
public final class TorNetworks {
  /** Until every onion service answers; seen at 13 s idle and 45 s at load average 30. */
  public static final Duration START_DEADLINE = Duration.ofMinutes(5);
  /** One SOCKS CONNECT or request through an onion service on a loaded machine. */
  public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(90);

  private TorNetworks() {}

  /** A network in {@code dir} with {@code services}, once every one answers. */
  public static TorNetwork start(Path dir, OnionService... services) {
    try {
      return TorNetwork.start(dir, List.of(services), LoopbackPorts::free, START_DEADLINE);
    } catch (TorNetworkException e) {
      throw new AssertionError("the private Tor network did not come up: " + e.getMessage(), e);
    }
  }
}

package io.rvnt.app.console;

import io.rvnt.dht.probe.ProbeConfig;
import io.rvnt.operator.dht.DhtHealthCheck;
import java.util.Optional;

/** What this build of rvnt.jar can run, so the sandbox plans only instances whose command exists. */
final class Features {
  private Features() {}

  /** Whether {@code ./rvnt bootstrap} is in this build. */
  static boolean bootstrapAvailable() {
    try {
      Class.forName("io.rvnt.app.bootstrap.BootstrapCommand");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The DHT health probe ({@code ./rvnt dht probe}) with its documented defaults. */
  static Optional<DhtHealthCheck> dhtProbe() {
    return Optional.of(new ProbeAdapter(ProbeConfig.DEFAULTS));
  }
}

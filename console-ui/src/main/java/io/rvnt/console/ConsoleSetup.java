package io.rvnt.console;

import io.rvnt.console.canary.CanaryPaths;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.operator.dht.DhtHealthCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the console is given by its launcher: the sandbox it controls, where the canary files live, the DHT probe
 * when the build has one, for {@code --screenshot DIR}, where to save a PNG per screen before exiting, and the
 * operator's remote folder (hosts.conf, actions.log; {@code OperatorFiles.defaultFolder()} as for
 * {@code ./rvnt remote}).
 */
public record ConsoleSetup(SandboxControl sandbox, CanaryPaths canary, Optional<DhtHealthCheck> dhtProbe,
    Optional<Path> screenshotDir, Clock clock, Path remoteFolder) {
  public ConsoleSetup {
    Objects.requireNonNull(remoteFolder, "remoteFolder");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(dhtProbe, "dhtProbe");
    Objects.requireNonNull(screenshotDir, "screenshotDir");
    Objects.requireNonNull(clock, "clock");
  }
}

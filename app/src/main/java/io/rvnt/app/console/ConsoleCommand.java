package io.rvnt.app.console;

import io.rvnt.console.ConsoleLauncher;
import io.rvnt.console.ConsoleSetup;
import io.rvnt.console.canary.CanaryPaths;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.remote.log.OperatorFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rvnt console} (and {@code ./rvnt} alone): opens the operator console. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Open the operator console: instances, metrics, DHT health, canary; the local sandbox is a click away.",
      "Needs a display: on a headless machine run xvfb-run -a ./rvnt, or use ./rvnt sandbox without a window.",
      "Closing the window stops every sandbox process."
    })
public final class ConsoleCommand implements Callable<Integer> {
  /** The one line printed where there is no display. */
  public static final String NO_DISPLAY =
      "no display to open the console on (DISPLAY is not set); run ./rvnt sandbox for the headless sandbox, "
          + "or xvfb-run ./rvnt";

  @Spec CommandSpec spec;

  @Option(names = "--screenshot", paramLabel = "DIR",
      description = "Start the sandbox, run some synthetic traffic, save a PNG of each screen into DIR, and exit.")
  Path screenshotDir;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Sandbox folder. Default: as ./rvnt sandbox.")
  Path dataDir;

  @Option(names = "--tor", description = "The console's sandbox also runs a private Tor network with the identity "
      + "server as an onion service, as ./rvnt sandbox --tor; the identity instance shows its onion endpoint.")
  boolean tor;

  @Option(names = "--single-identity", description = "The console's sandbox runs one identity server instead of the "
      + "three-member cluster, as ./rvnt sandbox --single-identity.")
  boolean singleIdentity;

  @Override
  public Integer call() throws Exception {
    if (!hasDisplay()) {
      spec.commandLine().getErr().println("rvnt: " + NO_DISPLAY);
      return 1;
    }
    Path root = dataDir != null ? dataDir : Sandbox.defaultRoot();
    Sandbox sandbox =
        SandboxFactory.create(root, SandboxFactory.plan(Features.bootstrapAvailable(), singleIdentity, tor));
    Path consoleData = root.resolveSibling("console");
    ConsoleLauncher.open(new ConsoleSetup(SandboxControl.of(sandbox), CanaryPaths.under(consoleData),
        Features.dhtProbe(), Optional.ofNullable(screenshotDir), Clock.systemUTC(), OperatorFiles.defaultFolder()));
    return 0;
  }

  /** An X11 or Wayland display, or Monocle's headless platform chosen explicitly. */
  static boolean hasDisplay() {
    return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"))
        || "Monocle".equals(System.getProperty("glass.platform"));
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}

package io.rvnt.app.console;

import io.rvnt.console.Console;
import io.rvnt.console.ConsoleSetup;
import io.rvnt.console.canary.CanaryPaths;
import io.rvnt.console.session.SandboxControl;
import io.rvnt.operator.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** What the console ITs share: the console opened on a sandbox as the desktop app opens it, and waits on the FX thread. */
final class ConsoleFixture {
  private ConsoleFixture() {}

  /** Opens the console on {@code stage} for {@code sandbox}, its canary and remote files under {@code temp}. */
  static Console open(Stage stage, Sandbox sandbox, Path temp) {
    return Console.open(stage, new ConsoleSetup(SandboxControl.of(sandbox), CanaryPaths.under(temp.resolve("ops")),
        Features.dhtProbe(), Optional.empty(), Clock.systemUTC(), temp.resolve("remote")));
  }

  /**
   * Returns once {@code condition} holds, asked on the FX thread: it reads what the FX thread owns, and read from the
   * test thread a job's "done" can show before the same FX task has put the job's result on the screen. Fails with
   * {@code state}, also read on the FX thread, when {@code deadlineSeconds} pass first.
   */
  static void awaitOnFx(long deadlineSeconds, Callable<Boolean> condition, Callable<String> state) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(deadlineSeconds, TimeUnit.SECONDS,
          () -> WaitForAsyncUtils.asyncFx(condition).get(deadlineSeconds, TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      throw new AssertionError("condition not met within " + deadlineSeconds + " s; console state: "
          + WaitForAsyncUtils.asyncFx(state).get(deadlineSeconds, TimeUnit.SECONDS), e);
    }
  }
}

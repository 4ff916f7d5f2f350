package io.rvnt.app.canary;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rvnt canary}: the warrant canary's operator workflow (issue 5, docs/canary.md). The rules live in the
 * canary module; these commands read options, ask for the passphrase, and print results.
 */
@Command(
    name = "canary",
    description = {
      "Sign, verify and publish RVNT's monthly warrant canary.",
      "Monthly: 'sign' into a folder, check it with 'verify', then 'publish' it into the site.",
      "Anyone can check the result with stock gpg; see docs/canary.md."
    },
    subcommands = {
      KeygenCommand.class,
      ImportCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      StatusCommand.class,
      PublishCommand.class
    })
public final class CanaryCommand implements Runnable {
  @Mixin HelpOption helpOption;

  /** 0 when the canary verifies as OK; this when it does not (the alarm), apart from 1 for errors. */
  static final int EXIT_ALARM = 3;

  private final Clock clock;
  private final Map<String, String> environment;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public CanaryCommand() {
    this(Clock.systemUTC(), System.getenv());
  }

  CanaryCommand(Clock clock, Map<String, String> environment) {
    this.clock = clock;
    this.environment = environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  Clock clock() {
    return clock;
  }

  /** Where a verifier remembers the newest canary it saw: {@code $XDG_STATE_HOME/rvnt/canary-seen}. */
  Path defaultStateFile() {
    String stateHome = environment.get("XDG_STATE_HOME");
    Path base =
        stateHome != null && !stateHome.isBlank()
            ? Path.of(stateHome)
            : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
    return base.resolve("rvnt").resolve("canary-seen");
  }
}

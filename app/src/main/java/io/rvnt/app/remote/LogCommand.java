package io.rvnt.app.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rvnt remote log}: the operator's record of changes (time, action, host, version, outcome). */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Show the local record of actions: what was provisioned, deployed, started or stopped where, "
        + "when, and how it ended. It holds no user data.")
final class LogCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RemoteCommand parent;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "50", description = "Most recent N lines. Default: 50.")
  int lines;

  @Override
  public Integer call() throws IOException {
    if (lines < 1) {
      throw new IllegalArgumentException("--lines must be at least 1");
    }
    Path file = Operator.actionLog(parent.configDir).file();
    List<String> all;
    try {
      all = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      all = List.of();
    }
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(spec.commandLine().getOut()::println);
    return 0;
  }
}

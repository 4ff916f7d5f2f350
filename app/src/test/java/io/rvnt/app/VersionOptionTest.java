package io.rvnt.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command that offers {@code --version} prints the build's version (issue 12, item 8). */
class VersionOptionTest {
  @Test
  void everyCommandsVersionOptionPrintsTheBuildsVersion() {
    CommandLine root = Cli.newCommandLine(new RvntCommand());
    List<String> paths = new ArrayList<>();
    collect(root, "", paths);
    assertThat(paths).as("the remote and server commands are among them")
        .contains("remote", "remote deploy", "server", "bootstrap");
    for (String path : paths) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--version");
      StringWriter out = new StringWriter();
      CommandLine cl = Cli.newCommandLine(new RvntCommand());
      cl.setOut(new PrintWriter(out));
      int exit = cl.execute(args.toArray(String[]::new));
      assertThat(exit).as("rvnt " + path + " --version").isZero();
      assertThat(out.toString().strip()).as("rvnt " + path + " --version").isEqualTo("rvnt " + Version.current());
    }
  }

  /** Every command below {@code cl} that has a --version option, by the words that reach it. */
  private static void collect(CommandLine cl, String path, List<String> paths) {
    for (var entry : cl.getSubcommands().entrySet()) {
      CommandLine sub = entry.getValue();
      if (!sub.getCommandName().equals(entry.getKey())) {
        continue; // an alias
      }
      String subPath = path.isEmpty() ? entry.getKey() : path + " " + entry.getKey();
      if (sub.getCommandSpec().optionsMap().containsKey("--version")) {
        paths.add(subPath);
      }
      collect(sub, subPath, paths);
    }
  }
}

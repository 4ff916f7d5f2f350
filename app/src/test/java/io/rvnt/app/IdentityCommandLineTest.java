package io.rvnt.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.LoopbackPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The {@code identity} commands' surface: help, usage errors and one-line failures, without a server. */
class IdentityCommandLineTest {
  @TempDir Path temp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Cli.newCommandLine(new RvntCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String closedPortUrl() {
    return "http://127.0.0.1:" + LoopbackPorts.free();
  }

  @ParameterizedTest
  @ValueSource(strings = {"register", "bundle", "count", "prekeys", "delete"})
  void everySubcommandHasHelp(String subcommand) {
    assertThat(run("identity", subcommand, "--help")).isZero();
    assertThat(out.toString()).as("usage and description of %s", subcommand)
        .startsWith("Usage: rvnt identity " + subcommand).contains("--server");
  }

  @Test
  void identityWithoutASubcommandPrintsItsUsage() {
    assertThat(run("identity")).isZero();
    assertThat(out.toString()).contains("register", "bundle", "count", "prekeys", "delete");
  }

  @Test
  void aMissingServerIsAUsageError() {
    assertThat(run("identity", "count", "--username", "alice")).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).startsWith("rvnt: Missing required option: '--server=URL'");
  }

  @Test
  void anInvalidUsernameFailsInOneLineAndCreatesNothing() throws Exception {
    Path keystore = temp.resolve("keystore");
    int exit = run("identity", "register", "--server", closedPortUrl(), "--username", "no-dashes",
        "--keystore", keystore.toString());
    assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: invalid username").hasLineCount(1);
    assertThat(keystore).as("bad input changes nothing").doesNotExist();
  }

  @Test
  void aServerUrlWithAnotherSchemeIsRefused() {
    assertThat(run("identity", "bundle", "--server", "ftp://example.org", "alice")).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).isEqualTo("rvnt: bad --server: the server URL must start with http:// or https://"
        + System.lineSeparator());
  }

  @Test
  void anUnreachableServerIsOneLine() throws Exception {
    assertThat(run("identity", "bundle", "--server", closedPortUrl(), "alice")).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).isEqualTo("rvnt: cannot reach the server: connection refused"
        + System.lineSeparator());
  }

  @Test
  void readingCommandsNeverCreateAKeystore() throws Exception {
    Path keystore = temp.resolve("missing");
    assertThat(run("identity", "count", "--server", closedPortUrl(), "--username", "alice",
        "--keystore", keystore.toString())).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: no keystore at");
    assertThat(keystore).doesNotExist();
  }

  @Test
  void aUserMissingFromTheKeystoreIsOneLine() throws Exception {
    Path keystore = io.rvnt.protocol.client.Keystore.open(temp.resolve("ks")).root();
    assertThat(run("identity", "delete", "--server", closedPortUrl(), "--username", "alice",
        "--keystore", keystore.toString())).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).hasLineCount(1);
  }

  @Test
  void prekeysWithNothingToDoIsRefused() throws Exception {
    assertThat(run("identity", "prekeys", "--server", closedPortUrl(), "--username", "alice")).isEqualTo(
        Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: nothing to do");
  }

  @Test
  void negativeCountsAreRefused() throws Exception {
    assertThat(run("identity", "prekeys", "--add", "-1", "--server", closedPortUrl(), "--username", "alice"))
        .isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: --add must not be negative");
    err.getBuffer().setLength(0);
    assertThat(run("identity", "register", "--prekeys", "-5", "--server", closedPortUrl(), "--username", "alice",
        "--keystore", temp.resolve("k").toString())).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: --prekeys must not be negative");
  }

  @Test
  void zeroThreadsIsRefused() throws Exception {
    assertThat(run("identity", "delete", "--threads", "0", "--server", closedPortUrl(), "--username", "alice",
        "--keystore", temp.toString())).isEqualTo(Cli.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("rvnt: --threads must be at least 1");
  }
}

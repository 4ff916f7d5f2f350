package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rvnt server} as a real process: its two lines, SIGTERM, configuration errors, --help. */
class ServerCommandIT {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 120;
  @TempDir Path dir;

  @Test
  void printsBothListeningLinesAndStopsCleanlyOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess server = ServerProcess.start(data)) {
      assertThat(server.stdout()).matches(
          "(?s)identity server listening on http://127\\.0\\.0\\.1:\\d+\\nadmin listening on "
              + "http://127\\.0\\.0\\.1:\\d+\\n");
      try (RawHttp admin = RawHttp.connect(server.adminAddress(), ServerApi.TIMEOUT)) {
        assertThat(admin.exchange("GET", "/health", Map.of(), ServerApi.EMPTY).status()).isEqualTo(200);
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
      int exit = server.stop();
      assertThat(exit).as("SIGTERM exit after the shutdown hook: 128 + 15").isEqualTo(143);
      assertThat(server.stderr()).as("at the default WARN level a clean run logs its start and stop, one NOTICE line "
          + "each, and nothing else").matches("\\S+Z NOTICE io\\.rvnt\\.server\\.IdentityServer: identity server "
          + "started, version \\S+\\R\\S+Z NOTICE io\\.rvnt\\.server\\.IdentityServer: identity server stopped\\R");
      try (ServerProcess again = server.restart()) {
        assertThat(again.isAlive()).as("the store was closed and unlocked").isTrue();
      }
    }
  }

  @Test
  void aBadSettingIsOneLineNamingTheKey() throws Exception {
    Result result = run("server", "--data-dir", dir.resolve("d").toString(), "--listen", "nowhere");
    assertThat(result.exit).isEqualTo(1);
    assertThat(result.stderr.strip()).isEqualTo("rvnt: bad configuration: listen: expected HOST:PORT");
  }

  @Test
  void anUnknownKeyInTheFileIsNamed() throws Exception {
    Path config = dir.resolve("bad.conf");
    Files.writeString(config, "max-body = 10\n");
    Result result = run("server", "--config", config.toString(), "--data-dir", dir.toString());
    assertThat(result.exit).isEqualTo(1);
    assertThat(result.stderr.strip()).isEqualTo("rvnt: bad configuration: max-body: unknown key (line 1)");
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryIsRefused() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess first = ServerProcess.start(data)) {
      Result second = run("server", "--data-dir", data.toString(), "--listen", "127.0.0.1:0", "--admin",
          "127.0.0.1:0");
      assertThat(second.exit).isEqualTo(1);
      assertThat(second.stderr.strip())
          .isEqualTo("rvnt: cannot open the database (is another server using this data directory?)");
      assertThat(first.isAlive()).isTrue();
    }
  }

  @Test
  void aTakenPortIsOneLineNamingTheAddress() throws Exception {
    try (ServerProcess first = ServerProcess.start(dir.resolve("one"))) {
      String taken = "127.0.0.1:" + first.apiAddress().getPort();
      Result second = run("server", "--data-dir", dir.resolve("two").toString(), "--listen", taken, "--admin",
          "127.0.0.1:0");
      assertThat(second.exit).isEqualTo(1);
      assertThat(second.stderr.strip()).startsWith("rvnt: cannot listen on " + taken + ": ")
          .doesNotContain("\n");
    }
  }

  @Test
  void helpDescribesEveryOption() throws Exception {
    Result result = run("server", "--help");
    assertThat(result.exit).isZero();
    assertThat(result.stdout).contains("--config", "--data-dir", "--listen", "--admin", "--log-level");
  }

  record Result(int exit, String stdout, String stderr) {}

  static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("rvnt.jar")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}

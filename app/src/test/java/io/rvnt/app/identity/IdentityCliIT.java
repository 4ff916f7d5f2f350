package io.rvnt.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.client.Keystore;
import io.rvnt.protocol.crypto.Fingerprints;
import io.rvnt.testsupport.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code rvnt identity} command, run as a real {@code java -jar rvnt.jar} process against a real identity
 * server process on loopback with RocksDB on disk, at the server's default difficulties.
 */
class IdentityCliIT {
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(120);
  @TempDir static Path temp;
  private static ServerProcess server;

  /** What one command printed, and how it ended. */
  record Result(int exit, String out, String err) {
    Result ok() {
      assertThat(exit).as("exit code; stderr: %s", err).isZero();
      return this;
    }

    Result failed() {
      assertThat(exit).as("exit code; stdout: %s", out).isEqualTo(1);
      List<String> lines = err.strip().lines().toList();
      assertThat(lines.get(lines.size() - 1)).as("the reason, last on stderr").startsWith("rvnt: ");
      assertThat(lines.subList(0, lines.size() - 1)).as("before it, only proof-of-work progress")
          .allMatch(line -> line.startsWith("proof of work: "));
      return this;
    }
  }

  @BeforeAll
  static void startServer() throws IOException {
    server = ServerProcess.start(temp.resolve("server-data"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static Result rvnt(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("rvnt.jar"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile())).start();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rvnt " + String.join(" ", args) + " did not end within " + COMMAND_DEADLINE);
    }
    return new Result(process.exitValue(), out.get(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS),
        err.get(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static String url() {
    return server.apiUrl().toString();
  }

  private static Result account(String command, String username, Path keystore, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("identity", command, "--server", url(), "--username", username,
        "--keystore", keystore.toString()));
    args.addAll(List.of(more));
    return rvnt(args.toArray(String[]::new));
  }

  private static Result bundle(String username) throws Exception {
    return rvnt("identity", "bundle", "--server", url(), username);
  }

  @Test
  void theWholeLifeOfAnAccountThroughTheCommandLine() throws Exception {
    Path keystore = temp.resolve("keystore");

    Result registered = account("register", "alice", keystore, "--prekeys", "3").ok();
    String fingerprint = Fingerprints.of(Keystore.open(keystore).identity("alice").publicKey());
    assertThat(registered.out()).contains("registered alice with 3 one-time prekeys")
        .contains("identity fingerprint: " + fingerprint);
    assertPrivate(keystore);

    assertThat(account("count", "alice", keystore).ok().out()).contains("one-time prekeys on the server: 3");

    Result first = bundle("alice").ok();
    assertThat(first.out()).as("the bundle verifies and carries the registered identity")
        .contains("bundle of alice verified").contains("identity fingerprint: " + fingerprint)
        .contains("one-time prekey id: 1");
    assertThat(account("count", "alice", keystore).ok().out()).as("fetching consumed one")
        .contains("one-time prekeys on the server: 2");
    assertThat(bundle("alice").ok().out()).contains("one-time prekey id: 2");
    assertThat(bundle("alice").ok().out()).contains("one-time prekey id: 3");
    assertThat(bundle("alice").ok().out()).as("exhausted: the last-resort bundle")
        .contains("one-time prekey: none left").contains("signed prekey id: 1");

    Result added = account("prekeys", "alice", keystore, "--add", "2").ok();
    assertThat(added.out()).contains("one-time prekeys on the server: 2");
    assertThat(bundle("alice").ok().out()).as("new ids follow the stored ones").contains("one-time prekey id: 4");

    account("prekeys", "alice", keystore, "--rotate").ok();
    assertThat(bundle("alice").ok().out()).as("rotation replaced the signed prekey")
        .contains("signed prekey id: 2").contains("PQ prekey id: 2").contains("one-time prekey id: 5");

    Path otherKeystore = temp.resolve("other-keystore");
    Result taken = account("register", "alice", otherKeystore, "--prekeys", "1").failed();
    assertThat(taken.err()).contains("409").contains("USERNAME_TAKEN");
    assertThat(Keystore.open(otherKeystore).contains("alice")).as("a refused registration leaves no keys").isFalse();

    assertThat(account("delete", "alice", keystore).ok().out()).contains("deleted alice");
    assertThat(Keystore.open(keystore).contains("alice")).as("the local keys go once the server confirmed")
        .isFalse();
    assertThat(bundle("alice").failed().err()).contains("404").contains("UNKNOWN_USER");

    Result again = account("register", "alice", otherKeystore, "--prekeys", "0").ok();
    assertThat(again.out()).as("the name is free again").contains("registered alice");

    assertThat(server.output()).as("the server logs no username").doesNotContain("alice");
  }

  @Test
  void countAndDeleteNeedTheKeysOfTheAccount() throws Exception {
    Path keystore = temp.resolve("bob-keystore");
    account("register", "bob", keystore, "--prekeys", "1").ok();
    Path stranger = temp.resolve("stranger-keystore");
    Files.createDirectories(stranger);
    Files.setPosixFilePermissions(stranger, PosixFilePermissions.fromString("rwx------"));
    Path strangerKeys = temp.resolve("stranger-source");
    account("register", "mallory", strangerKeys, "--prekeys", "0").ok();
    // Mallory's keys filed under bob's name: the server must refuse them.
    Files.move(strangerKeys.resolve("mallory"), stranger.resolve("bob"));
    assertThat(account("count", "bob", stranger).failed().err()).contains("401").contains("BAD_REQUEST_SIGNATURE");
    assertThat(account("delete", "bob", stranger).failed().err()).contains("401");
    assertThat(Files.exists(stranger.resolve("bob"))).as("a refused deletion keeps the local keys").isTrue();
    assertThat(account("count", "bob", keystore).ok().out()).as("bob is untouched")
        .contains("one-time prekeys on the server: 1");
  }

  private static void assertPrivate(Path keystore) throws IOException {
    try (Stream<Path> walk = Files.walk(keystore)) {
      for (Path path : walk.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        assertThat(mode).as("mode of %s", path).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }
}

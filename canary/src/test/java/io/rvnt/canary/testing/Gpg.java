package io.rvnt.canary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real gpg in a throwaway GNUPGHOME, as the ENVIRONMENT notes prescribe: batch mode, loopback pinentry, and the
 * agent killed on {@link #close()}. A missing gpg fails the test loudly (scripts/install-test-deps installs it).
 */
public final class Gpg implements AutoCloseable {
  /** gpg answers in well under a second here; the deadline only stops a hung process from hanging the build. */
  private static final long DEADLINE_SECONDS = 120;

  private final Path home;
  private final Path work;
  private final List<String> transcript = new ArrayList<>();

  private Gpg(Path home, Path work) {
    this.home = home;
    this.work = work;
  }

  /** A fresh GNUPGHOME under {@code directory} (kept short: the agent's socket path is limited to 107 bytes). */
  public static Gpg start(Path directory) throws IOException {
    Path home =
        Files.createDirectory(
            directory.resolve("gnupg"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path work = Files.createDirectory(directory.resolve("gpg-io"));
    Gpg gpg = new Gpg(home, work);
    Result version = gpg.runTool("gpg", List.of("--version"), null);
    assertThat(version.exitCode())
        .as("gpg must be installed (scripts/install-test-deps installs Debian's gnupg)")
        .isZero();
    return gpg;
  }

  public Path home() {
    return home;
  }

  /** Runs {@code gpg --batch --no-tty --pinentry-mode loopback ARGS} in this home. */
  public Result gpg(String... args) {
    List<String> command = new ArrayList<>(List.of("--batch", "--no-tty", "--pinentry-mode", "loopback"));
    command.addAll(List.of(args));
    return runTool("gpg", command, null);
  }

  /** Runs {@code gpgv ARGS}; it starts no agent. */
  public Result gpgv(String... args) {
    return runTool("gpgv", List.of(args), null);
  }

  /** Everything gpg printed so far, for checks that a secret never appeared. */
  public String transcript() {
    return String.join("\n", transcript);
  }

  /** Makes an Ed25519 key (legacy EdDSA, as gpg 2.2 makes it) and returns its fingerprint. */
  public String generateEd25519Key(String userId, Path passphraseFile) {
    gpg("--passphrase-file", passphraseFile.toString(), "--quick-gen-key", userId, "ed25519", "sign", "never")
        .requireSuccess("gpg --quick-gen-key");
    return fingerprintOf(userId);
  }

  public String fingerprintOf(String userId) {
    Result listing = gpg("--with-colons", "--fingerprint", userId).requireSuccess("gpg --fingerprint");
    for (String line : listing.stdout().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("gpg listed no fingerprint for " + userId + ":\n" + listing.stdout());
  }

  @Override
  public void close() {
    runTool("gpgconf", List.of("--kill", "all"), null);
  }

  private Result runTool(String tool, List<String> args, byte[] stdin) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(args);
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().put("GNUPGHOME", home.toString());
      builder.environment().put("LC_ALL", "C");
      Process process = builder.start();
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + DEADLINE_SECONDS + " s");
      }
      Result result =
          new Result(
              String.join(" ", command),
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      transcript.add(result.stdout());
      transcript.add(result.stderr());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + tool + " (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + tool, e);
    }
  }

  /** What one gpg run did. */
  public record Result(String command, int exitCode, String stdout, String stderr) {
    public Result requireSuccess(String what) {
      assertThat(exitCode).as(what + " must succeed; stderr:\n" + stderr).isZero();
      return this;
    }
  }
}

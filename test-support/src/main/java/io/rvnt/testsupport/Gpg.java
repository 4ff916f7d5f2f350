package io.rvnt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real gpg in a throwaway GNUPGHOME, as the ENVIRONMENT notes prescribe: batch mode, loopback pinentry, and the
 * agent killed on {@link #close()}. A missing gpg fails the test loudly (scripts/install-test-deps installs it).
 */
public final class Gpg implements AutoCloseable {
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
    assertThat(gpg.runTool("gpg", List.of("--version")).exitCode())
        .as("gpg must be installed (scripts/install-test-deps installs Debian's gnupg)")
        .isZero();
    return gpg;
  }

  public Path home() {
    return home;
  }

  /** Runs {@code gpg --batch --no-tty --pinentry-mode loopback ARGS} in this home. */
  public CommandRun.Result gpg(String... args) {
    List<String> command = new ArrayList<>(List.of("--batch", "--no-tty", "--pinentry-mode", "loopback"));
    command.addAll(List.of(args));
    return runTool("gpg", command);
  }

  /** Runs {@code gpgv ARGS}; it starts no agent. */
  public CommandRun.Result gpgv(String... args) {
    return runTool("gpgv", List.of(args));
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

  /** Writes the armored secret key of {@code keyId} to {@code out}, as an operator exports it for import. */
  public Path exportSecretKey(String keyId, Path passphraseFile, Path out) {
    gpg("--passphrase-file", passphraseFile.toString(), "--armor", "--output", out.toString(),
            "--export-secret-keys", keyId)
        .requireSuccess("gpg --export-secret-keys");
    return out;
  }

  public String fingerprintOf(String userId) {
    CommandRun.Result listing = gpg("--with-colons", "--fingerprint", userId).requireSuccess("gpg --fingerprint");
    for (String line : listing.stdout().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("gpg listed no fingerprint for " + userId + ":\n" + listing.stdout());
  }

  @Override
  public void close() {
    runTool("gpgconf", List.of("--kill", "all"));
  }

  private CommandRun.Result runTool(String tool, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(args);
    CommandRun.Result result =
        CommandRun.run(command, Map.of("GNUPGHOME", home.toString(), "LC_ALL", "C"), work);
    transcript.add(result.stdout());
    transcript.add(result.stderr());
    return result;
  }
}

package io.rvnt.app.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.CommandRun.Result;
import io.rvnt.testsupport.Gpg;
import io.rvnt.testsupport.ProcessOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's workflow through the shaded jar, as {@code ./rvnt canary ...} runs it, checked by real gpg in a
 * throwaway GNUPGHOME (the agent is killed afterwards). Today is the real today: gpg dates its keys by the real clock.
 */
class CanaryCliIT {
  private static final String PASSPHRASE = "operator passphrase for the CLI test 4Kw";
  private static final long DEADLINE_SECONDS = 120;

  @TempDir Path temp;
  private Gpg gpg;
  private Path passphraseFile;
  private final List<String> everythingPrinted = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    gpg = Gpg.start(temp);
    passphraseFile = Files.createFile(temp.resolve("passphrase"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(passphraseFile, PASSPHRASE + "\n", StandardCharsets.UTF_8);
  }

  @AfterEach
  void killAgentAndCheckThePassphraseNeverShowed() {
    gpg.close();
    everythingPrinted.add(gpg.transcript());
    assertThat(String.join("\n", everythingPrinted)).as("no output contains the passphrase").doesNotContain(PASSPHRASE);
  }

  @Test
  void theRootCommandListsCanaryAndEverySubcommandHasHelp() {
    assertThat(rvnt("--help").stdout()).contains("canary");
    Result canary = rvnt("canary", "--help");
    assertThat(canary.exitCode()).isZero();
    assertThat(canary.stdout()).contains("keygen", "import", "sign", "verify", "status", "publish");
    for (String command : List.of("keygen", "import", "sign", "verify", "status", "publish")) {
      assertThat(rvnt("canary", command, "--help").stdout()).as(command).startsWith("Usage: rvnt canary " + command);
    }
  }

  @Test
  void keygenSignPublishAndVerifyWhileGpgAgrees() throws Exception {
    Result keygen = rvnt("canary", "keygen", "--out", temp.resolve("keys").toString(), "--name", "RVNT Canary",
        "--email", "canary@rvntos.io", "--passphrase-file", passphraseFile.toString()).requireSuccess();
    String fingerprint = fingerprintIn(keygen.stdout());
    rvnt("canary", "sign", "--key", temp.resolve("keys").toString(), "--passphrase-file", passphraseFile.toString(),
        "--freshness", "Bitcoin block 920000", "--out", temp.resolve("staged").toString()).requireSuccess();
    rvnt("canary", "publish", "--from", temp.resolve("staged").toString(), "--site",
        temp.resolve("www").toString(), "--fingerprint", fingerprint).requireSuccess();

    Result verify = rvnt("canary", "verify", "--site", temp.resolve("www").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("seen").toString());
    assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
    assertThat(verify.stdout()).startsWith("verdict: OK");
    assertThat(rvnt("canary", "status", "--site", temp.resolve("www").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("seen").toString()).stdout()).containsPattern("days until due: \\d+");

    gpg.gpg("--import", temp.resolve("www/canary-key.asc").toString()).requireSuccess();
    Result detached = gpg.gpg("--verify", temp.resolve("www/canary.txt.sig").toString(),
        temp.resolve("www/canary.txt").toString());
    assertThat(detached.exitCode()).as("gpg --verify canary.txt.sig canary.txt: " + detached.stderr()).isZero();
    assertThat(detached.stderr()).contains("Good signature from \"RVNT Canary <canary@rvntos.io>\"");
    Result clearSigned = gpg.gpg("--verify", temp.resolve("www/canary.asc").toString());
    assertThat(clearSigned.exitCode()).as("gpg --verify canary.asc: " + clearSigned.stderr()).isZero();
  }

  @Test
  void importsAKeyMadeByGpgAndSignsWithIt() throws Exception {
    gpg.generateEd25519Key("RVNT Canary <canary@rvntos.io>", passphraseFile);
    Path exported = gpg.exportSecretKey("canary@rvntos.io", passphraseFile, temp.resolve("exported.asc"));

    Result imported = rvnt("canary", "import", "--secret-key", exported.toString(), "--out",
        temp.resolve("keys").toString(), "--passphrase-file", passphraseFile.toString()).requireSuccess();
    String fingerprint = fingerprintIn(imported.stdout());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("keys/secret-key.asc"))))
        .isEqualTo("rw-------");
    rvnt("canary", "sign", "--key", temp.resolve("keys").toString(), "--passphrase-file", passphraseFile.toString(),
        "--freshness", "headline", "--out", temp.resolve("site").toString()).requireSuccess();

    assertThat(gpg.gpg("--verify", temp.resolve("site/canary.txt.sig").toString(),
        temp.resolve("site/canary.txt").toString()).exitCode())
        .as("gpg verifies the canary signed with the key it made")
        .isZero();
    assertThat(rvnt("canary", "verify", "--site", temp.resolve("site").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("seen").toString()).exitCode()).isZero();
  }

  @Test
  void aWrongPassphraseIsOneLineOnStderrWithoutTheSecret() throws Exception {
    rvnt("canary", "keygen", "--out", temp.resolve("keys").toString(), "--name", "RVNT Canary",
        "--email", "canary@rvntos.io", "--passphrase-file", passphraseFile.toString()).requireSuccess();
    Path wrong = Files.createFile(temp.resolve("wrong"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(wrong, "guessed passphrase\n");

    Result sign = rvnt("canary", "sign", "--key", temp.resolve("keys").toString(), "--passphrase-file",
        wrong.toString(), "--freshness", "x", "--out", temp.resolve("site").toString());

    assertThat(sign.exitCode()).isEqualTo(1);
    assertThat(sign.stderr().strip()).startsWith("rvnt: the passphrase does not unlock key").doesNotContain("\n");
    assertThat(sign.stderr() + sign.stdout()).doesNotContain("guessed passphrase").doesNotContain("Exception");
  }

  @Test
  void keygenAsksForThePassphraseTwiceOnTheTerminalWithoutEcho() throws Exception {
    // script(1) gives the command a terminal; the passphrase is typed only once the prompt shows, and Java's
    // Console turns echo off before it prints the prompt, so nothing typed may come back.
    String command = String.join(" ", "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "'",
        "-jar", "'" + jar() + "'", "canary", "keygen", "--out", "'" + temp.resolve("keys") + "'",
        "--name", "Terminal", "--email", "tty@example.org");
    Process process = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
    Terminal terminal = new Terminal(process);
    try {
      terminal.awaitOutput("Passphrase for the canary key: ");
      terminal.type(PASSPHRASE + "\n");
      terminal.awaitOutput("Repeat the passphrase: ");
      terminal.type(PASSPHRASE + "\n");
      terminal.awaitOutput("fingerprint: ");
      assertThat(process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("keygen finishes").isTrue();
      assertThat(process.exitValue()).as(terminal.output()).isZero();
    } finally {
      process.destroyForcibly();
      everythingPrinted.add(terminal.output());
    }
    assertThat(terminal.output()).as("the terminal never echoes the passphrase").doesNotContain(PASSPHRASE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("keys/secret-key.asc"))))
        .isEqualTo("rw-------");
  }

  /** A process under script(1): what it prints, with waits that have a deadline, and what is typed to it. */
  private static final class Terminal {
    private final Process process;
    private final ProcessOutput output;

    Terminal(Process process) {
      this.process = process;
      this.output = ProcessOutput.capture(process.getInputStream(), "terminal-reader");
    }

    /** Waits for {@code expected} anywhere in the output: a prompt does not end its line. */
    void awaitOutput(String expected) throws InterruptedException {
      if (output.await(Pattern.compile(Pattern.quote(expected)), Duration.ofSeconds(DEADLINE_SECONDS)).isEmpty()) {
        throw new AssertionError("no '" + expected + "' within " + DEADLINE_SECONDS + " s; output: " + output.text());
      }
    }

    void type(String text) throws IOException {
      process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    String output() {
      return output.text();
    }
  }

  private static String fingerprintIn(String output) {
    Matcher matcher = Pattern.compile("fingerprint: ([0-9A-F ]+)").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1).strip();
  }

  private Result rvnt(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar()));
    command.addAll(List.of(args));
    Result result = CommandRun.run(command,
        Map.of("GNUPGHOME", gpg.home().toString(), "XDG_STATE_HOME", temp.resolve("xdg-state").toString(),
            "LC_ALL", "C"),
        temp);
    everythingPrinted.add(result.stdout());
    everythingPrinted.add(result.stderr());
    return result;
  }

  private static String jar() {
    String jar = System.getProperty("rvnt.jar");
    assertThat(jar).as("failsafe passes the shaded jar as rvnt.jar").isNotBlank();
    assertThat(Path.of(jar)).exists();
    return jar;
  }
}

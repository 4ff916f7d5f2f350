package io.rvnt.app.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code rvnt canary} commands in process, with a fixed clock (1 November 2026) so that dates are exact. The
 * shaded jar and real gpg are exercised by {@link CanaryCliIT}.
 */
class CanaryCommandTest {
  private static final String PASSPHRASE = "a long operator passphrase 9Xq";
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 1);

  @TempDir Path temp;
  private Path passphraseFile;
  private final List<String> everythingPrinted = new ArrayList<>();

  @BeforeEach
  void writePassphraseFile() throws IOException {
    passphraseFile = privateFile("passphrase", PASSPHRASE + "\n");
  }

  @AfterEach
  void noOutputEverShowsThePassphrase() {
    assertThat(String.join("\n", everythingPrinted))
        .as("the passphrase never appears in any output")
        .doesNotContain(PASSPHRASE);
  }

  @Test
  void keygenWritesTheSecretKeyWithMode0600AndPrintsTheFingerprint() throws Exception {
    Run run = keygen(temp.resolve("keys"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("fingerprint: ([0-9A-F]{4} ){4}[0-9A-F]{4}  ([0-9A-F]{4} ){4}[0-9A-F]{4}");
    assertThat(mode(temp.resolve("keys"))).isEqualTo("rwx------");
    assertThat(mode(temp.resolve("keys/secret-key.asc"))).as("secret key file mode").isEqualTo("rw-------");
  }

  @Test
  void signThenVerifyGivesOkAndExitZero() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    Run sign = sign(temp.resolve("site"), "block 920000 00000000000000000001c1d4");
    assertThat(sign.exitCode()).as(sign.err()).isZero();
    assertThat(sign.out()).contains("signed canary 1 published 2026-11-01, due by 2026-12-05");

    Run verify = run(TODAY, "verify", "--site", temp.resolve("site").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("state/seen").toString());

    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("verdict: OK\n").contains("days until due: 34");
  }

  @Test
  void statusPrintsTheDaysUntilDueAndTheVerdict() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    sign(temp.resolve("site"), "fresh");

    Run status = run(TODAY.plusDays(30), "status", "--site", temp.resolve("site").toString(), "--fingerprint",
        fingerprint, "--state", temp.resolve("seen").toString());

    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("verdict: OK").contains("days until due: 4");
    assertThat(temp.resolve("seen")).as("status only reads the state").doesNotExist();
  }

  @Test
  void verifyExitsWithTheAlarmCodeOnceTheCanaryIsStale() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    sign(temp.resolve("site"), "fresh");

    Run verify = run(TODAY, "verify", "--site", temp.resolve("site").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("seen").toString(), "--now", "2026-12-06");

    assertThat(verify.exitCode()).isEqualTo(CanaryCommand.EXIT_ALARM);
    assertThat(verify.out()).startsWith("verdict: STALE\n").contains("days until due: -1").contains("1 days overdue");
  }

  @Test
  void verifyExitsWithTheAlarmCodeForAnotherKeysFingerprint() throws Exception {
    keygen(temp.resolve("keys"));
    sign(temp.resolve("site"), "fresh");

    Run verify = run(TODAY, "verify", "--site", temp.resolve("site").toString(), "--fingerprint",
        "0000 0000 0000 0000 0000  0000 0000 0000 0000 0000", "--state", temp.resolve("seen").toString());

    assertThat(verify.exitCode()).isEqualTo(CanaryCommand.EXIT_ALARM);
    assertThat(verify.out()).startsWith("verdict: WRONG_KEY\n");
  }

  @Test
  void verifyRemembersTheNewestCanaryAndCatchesAnOlderOneServedLater() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    sign(temp.resolve("new"), "fresh", "--sequence", "2");
    sign(temp.resolve("old"), "fresh", "--sequence", "1");
    String state = temp.resolve("seen").toString();

    assertThat(run(TODAY, "verify", "--site", temp.resolve("new").toString(), "--fingerprint", fingerprint,
        "--state", state).exitCode()).isZero();
    Run replay = run(TODAY, "verify", "--site", temp.resolve("old").toString(), "--fingerprint", fingerprint,
        "--state", state);

    assertThat(replay.exitCode()).isEqualTo(CanaryCommand.EXIT_ALARM);
    assertThat(replay.out()).startsWith("verdict: STALE\n").contains("sequence 1 is lower than 2");
  }

  @Test
  void verifyCallsAMissingFileMalformed() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    sign(temp.resolve("site"), "fresh");
    Files.delete(temp.resolve("site/canary.txt.sig"));

    Run verify = run(TODAY, "verify", "--site", temp.resolve("site").toString(), "--fingerprint", fingerprint,
        "--state", temp.resolve("seen").toString());

    assertThat(verify.exitCode()).isEqualTo(CanaryCommand.EXIT_ALARM);
    assertThat(verify.out()).startsWith("verdict: MALFORMED\n").contains("canary.txt.sig is missing");
  }

  @Test
  void signRefusesAWorldReadablePassphraseFileAndWritesNothing() throws Exception {
    keygen(temp.resolve("keys"));
    Files.setPosixFilePermissions(passphraseFile, PosixFilePermissions.fromString("rw-r--r--"));

    Run sign = sign(temp.resolve("site"), "fresh");

    assertThat(sign.exitCode()).isEqualTo(1);
    assertThat(sign.err()).startsWith("rvnt: passphrase file").contains("open to group or others").contains("chmod 600");
    assertThat(temp.resolve("site")).doesNotExist();
  }

  @Test
  void signRefusesAWrongPassphraseAndWritesNothing() throws Exception {
    keygen(temp.resolve("keys"));
    Path wrong = privateFile("wrong", "not the passphrase\n");

    Run sign = run(TODAY, "sign", "--key", temp.resolve("keys").toString(), "--passphrase-file", wrong.toString(),
        "--freshness", "fresh", "--out", temp.resolve("site").toString());

    assertThat(sign.exitCode()).isEqualTo(1);
    assertThat(sign.err()).startsWith("rvnt: the passphrase does not unlock key ");
    assertThat(sign.err()).doesNotContain("not the passphrase");
    assertThat(temp.resolve("site")).doesNotExist();
  }

  @Test
  void signRefusesACanaryDatedInTheFuture() throws Exception {
    keygen(temp.resolve("keys"));

    Run sign = sign(temp.resolve("site"), "fresh", "--date", "2026-11-20");

    assertThat(sign.exitCode()).isEqualTo(1);
    assertThat(sign.err()).contains("MALFORMED").contains("in the future");
  }

  @Test
  void signRejectsABadDateAsAUsageError() throws Exception {
    keygen(temp.resolve("keys"));

    Run sign = sign(temp.resolve("site"), "fresh", "--date", "1st of November");

    assertThat(sign.exitCode()).isEqualTo(2);
    assertThat(sign.err()).contains("'1st of November' is not a date as YYYY-MM-DD");
  }

  @Test
  void publishCopiesAVerifiedCanaryAndRefusesATamperedOne() throws Exception {
    String fingerprint = fingerprintOf(keygen(temp.resolve("keys")));
    sign(temp.resolve("staged"), "fresh");

    Run publish = run(TODAY, "publish", "--from", temp.resolve("staged").toString(), "--site",
        temp.resolve("www").toString(), "--fingerprint", fingerprint);
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    assertThat(temp.resolve("www/canary.txt")).hasSameBinaryContentAs(temp.resolve("staged/canary.txt"));

    Path text = temp.resolve("staged/canary.txt");
    Files.writeString(text, Files.readString(text).replace("fresh", "fresk"));
    Run tampered = run(TODAY, "publish", "--from", temp.resolve("staged").toString(), "--site",
        temp.resolve("www2").toString(), "--fingerprint", fingerprint);
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err()).contains("not publishing").contains("BAD_SIGNATURE");
    assertThat(temp.resolve("www2/canary.txt")).doesNotExist();
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("keygen", "import", "sign", "verify", "status", "publish")) {
      Run help = run(TODAY, command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: canary " + command);
    }
  }

  @Test
  void theDefaultStateFileFollowsXdgStateHome() {
    CanaryCommand command = new CanaryCommand(Clock.systemUTC(), Map.of("XDG_STATE_HOME", "/srv/state", "HOME", "/h"));
    assertThat(command.defaultStateFile()).isEqualTo(Path.of("/srv/state/rvnt/canary-seen"));
    CanaryCommand withoutXdg = new CanaryCommand(Clock.systemUTC(), Map.of("HOME", "/h"));
    assertThat(withoutXdg.defaultStateFile()).isEqualTo(Path.of("/h/.local/state/rvnt/canary-seen"));
  }

  private Run keygen(Path out) {
    Run run = run(TODAY, "keygen", "--out", out.toString(), "--name", "RVNT Canary", "--email", "canary@rvntos.io",
        "--passphrase-file", passphraseFile.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private Run sign(Path out, String freshness, String... more) {
    List<String> args = new ArrayList<>(List.of("sign", "--key", temp.resolve("keys").toString(),
        "--passphrase-file", passphraseFile.toString(), "--freshness", freshness, "--out", out.toString()));
    args.addAll(List.of(more));
    return run(TODAY, args.toArray(String[]::new));
  }

  private static String fingerprintOf(Run keygen) {
    Matcher matcher = Pattern.compile("fingerprint: ([0-9A-F ]+)").matcher(keygen.out());
    assertThat(matcher.find()).as(keygen.out()).isTrue();
    return matcher.group(1).strip();
  }

  private Run run(LocalDate today, String... args) {
    Clock clock = Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new CanaryCommand(clock, Map.of("HOME", temp.toString())));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    // As io.rvnt.app.Cli reports failures: one line, no stack trace.
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("rvnt: " + exception.getMessage());
          return 1;
        });
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          exception.getCommandLine().getErr().println("rvnt: " + exception.getMessage());
          return 2;
        });
    int exitCode = commandLine.execute(args);
    Run run = new Run(exitCode, out.toString(), err.toString());
    everythingPrinted.add(run.out());
    everythingPrinted.add(run.err());
    return run;
  }

  private Path privateFile(String name, String content) throws IOException {
    Path file = Files.createFile(temp.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private record Run(int exitCode, String out, String err) {}
}

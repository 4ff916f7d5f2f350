package io.rvnt.canary.openpgp;

import static io.rvnt.canary.testing.Fixtures.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.document.DueDates;
import io.rvnt.canary.publish.CanarySigning;
import io.rvnt.canary.publish.SigningRequest;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.canary.testing.Fixtures;
import io.rvnt.canary.verify.CanaryVerifier;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import io.rvnt.canary.verify.Verdict;
import io.rvnt.testsupport.CommandRun.Result;
import io.rvnt.testsupport.Gpg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary against the real gpg 2.2 of Debian 12: gpg verifies what the project signs, the project uses keys gpg
 * makes and verifies what gpg signs. Each test has its own GNUPGHOME; the agent is killed afterwards.
 */
class GpgInteropIT {
  /**
   * gpg dates its keys by the real clock, and a signature may not predate its key, so these tests live in the
   * present: the canary is published today (UTC) and due on the 5th of next month, never stale when checked.
   */
  private static final Clock TODAY = Clock.systemUTC();

  private static final LocalDate PUBLISHED = LocalDate.now(TODAY);
  private static final List<String> FRESHNESS = List.of("Headline of the day: interoperability works");

  @TempDir Path temp;
  private Gpg gpg;
  private Path passphraseFile;
  private Path site;

  @BeforeEach
  void startGpg() throws Exception {
    gpg = Gpg.start(temp);
    passphraseFile = Fixtures.passphraseFile(temp);
    site = temp.resolve("site");
  }

  @AfterEach
  void stopGpgAndCheckItNeverShowedThePassphrase() {
    gpg.close();
    assertThat(gpg.transcript()).as("no gpg output may contain the passphrase").doesNotContain(PASSPHRASE);
  }

  @Test
  void gpgVerifiesTheDetachedAndTheClearSignedCanaryTheProjectSigns() throws Exception {
    SigningKey key = new SigningKeyGenerator(TODAY).generate(Fixtures.USER_ID, Fixtures.passphrase());
    sign(key);
    Files.write(temp.resolve("key.asc"), key.publicKeyArmored());
    gpg.gpg("--import", temp.resolve("key.asc").toString()).requireSuccess("gpg --import");

    Result detached = gpgVerifiesDetached();
    assertThat(detached.exitCode()).as("gpg --verify canary.txt.sig canary.txt: " + detached.stderr()).isZero();
    assertThat(detached.stderr()).contains("Good signature from \"" + Fixtures.USER_ID + "\"");

    Result clearSigned = gpgVerifiesClearSigned();
    assertThat(clearSigned.exitCode()).as("gpg --verify canary.asc: " + clearSigned.stderr()).isZero();
    assertThat(clearSigned.stderr()).contains("Good signature");

    assertThat(gpg.fingerprintOf(Fixtures.USER_ID))
        .as("gpg computes the same fingerprint the project pins")
        .isEqualTo(key.fingerprint().hex());
  }

  @Test
  void gpgvVerifiesBothSignaturesWithTheKeyAsAKeyringAndNoAgent() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    sign(key);
    Path keyring = temp.resolve("canary.gpg");
    gpg.gpg("--output", keyring.toString(), "--dearmor", site.resolve("canary-key.asc").toString())
        .requireSuccess("gpg --dearmor");

    assertThat(
            gpg.gpgv(
                    "--keyring",
                    keyring.toString(),
                    site.resolve("canary.txt.sig").toString(),
                    site.resolve("canary.txt").toString())
                .exitCode())
        .as("gpgv accepts canary.txt.sig over canary.txt")
        .isZero();
    assertThat(gpg.gpgv("--keyring", keyring.toString(), site.resolve("canary.asc").toString()).exitCode())
        .as("gpgv accepts canary.asc")
        .isZero();
  }

  @Test
  void gpgRejectsTheProjectsCanaryOnceItsLineEndsAreConverted() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    sign(key);
    gpg.gpg("--import", site.resolve("canary-key.asc").toString()).requireSuccess("gpg --import");
    Path text = site.resolve("canary.txt");
    Files.writeString(text, Files.readString(text).replace("\n", "\r\n"));

    Result result = gpg.gpg("--verify", site.resolve("canary.txt.sig").toString(), text.toString());
    assertThat(result.exitCode()).as("a binary signature covers the exact bytes").isNotZero();
    assertThat(result.stderr()).contains("BAD signature");
  }

  @Test
  void gpgAndTheVerifierBothRefuseASignatureThatHoldsOnlyUnderTheCofactoredEquation() throws Exception {
    SigningKey key = new SigningKeyGenerator(TODAY).generate(Fixtures.USER_ID, Fixtures.passphrase());
    Files.write(temp.resolve("key.asc"), key.publicKeyArmored());
    gpg.gpg("--import", temp.resolve("key.asc").toString()).requireSuccess("gpg --import");
    byte[] text = "The canary text, signed with R + T (T of order 8).\n".getBytes(StandardCharsets.UTF_8);
    Path textFile = Files.write(temp.resolve("canary.txt"), text);
    byte[] forged = CofactoredOnlySigner.detached(key.unlock(Fixtures.passphrase()), text, TODAY.millis());
    Path signatureFile = Files.write(temp.resolve("canary.txt.sig"), forged);

    Result byGpg = gpg.gpg("--verify", signatureFile.toString(), textFile.toString());
    assertThat(byGpg.exitCode()).as("gpg --verify: " + byGpg.stderr()).isNotZero();
    assertThat(byGpg.stderr()).contains("BAD signature");
    CanaryPublicKey publicKey = CanaryPublicKey.parse(key.publicKeyArmored(), CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);
    assertThat(publicKey.checkDetached(forged, text, 8192).status())
        .as("the project's verifier agrees with gpg").isEqualTo(SignatureCheck.Status.BAD_SIGNATURE);
  }

  @Test
  void gpgImportsTheSecretKeyTheProjectGeneratesWithItsPassphrase() throws Exception {
    SigningKey key = new SigningKeyGenerator(TODAY).generate(Fixtures.USER_ID, Fixtures.passphrase());
    Path secret = temp.resolve("secret.asc");
    Files.write(secret, key.secretKeyArmored());

    gpg.gpg("--passphrase-file", passphraseFile.toString(), "--import", secret.toString())
        .requireSuccess("gpg --import of the project's secret key");
    Result listing = gpg.gpg("--with-colons", "--list-secret-keys").requireSuccess("gpg --list-secret-keys");
    assertThat(listing.stdout())
        .as("gpg holds the secret key, an EdDSA (algorithm 22) key")
        .containsPattern("(?m)^sec:[^:]*:255:22:")
        .contains(key.fingerprint().hex());
  }

  @Test
  void aKeyMadeByGpgIsImportedAndSignsACanaryThatGpgVerifies() throws Exception {
    String fingerprint = gpg.generateEd25519Key(Fixtures.USER_ID, passphraseFile);
    SigningKey imported = exportedFromGpg(fingerprint);
    assertThat(imported.fingerprint().hex()).as("the imported key keeps gpg's fingerprint").isEqualTo(fingerprint);
    assertThat(imported.userId()).isEqualTo(Fixtures.USER_ID);
    sign(imported);

    assertThat(gpgVerifiesDetached().exitCode())
        .as("gpg verifies the detached signature made with its own key")
        .isZero();
    assertThat(gpgVerifiesClearSigned().exitCode())
        .as("gpg verifies the clear-signed canary made with its own key")
        .isZero();
  }

  @Test
  void aGpgKeyWhosePrimaryOnlyCertifiesSignsWithItsBoundSubkey() throws Exception {
    gpg.gpg("--passphrase-file", passphraseFile.toString(), "--quick-gen-key", Fixtures.USER_ID, "ed25519", "cert", "never")
        .requireSuccess("gpg --quick-gen-key (certify only)");
    String fingerprint = gpg.fingerprintOf(Fixtures.USER_ID);
    gpg.gpg("--passphrase-file", passphraseFile.toString(), "--quick-add-key", fingerprint, "ed25519", "sign", "never")
        .requireSuccess("gpg --quick-add-key (signing subkey)");
    SigningKey imported = exportedFromGpg(fingerprint);
    sign(imported);

    assertThat(verify(Fingerprint.parse(fingerprint)).verdict())
        .as("the subkey's binding and back-signature verify, so the pinned primary fingerprint covers it")
        .isEqualTo(Verdict.OK);
    Result result = gpgVerifiesDetached();
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr())
        .contains("Good signature")
        .as("gpg names the signing subkey, not the primary key")
        .doesNotContain("using EDDSA key " + fingerprint);
  }

  @Test
  void aKeyMadeByGpgRefusesAWrongPassphrase() throws Exception {
    String fingerprint = gpg.generateEd25519Key(Fixtures.USER_ID, passphraseFile);
    SigningKey imported = exportedFromGpg(fingerprint);

    assertThatThrownBy(() -> imported.unlock("not the passphrase".toCharArray()))
        .isInstanceOfSatisfying(
            CanaryException.class,
            e -> assertThat(e.reason()).isEqualTo(CanaryException.Reason.WRONG_PASSPHRASE));
  }

  @Test
  void theVerifierAcceptsACanarySignedByGpgWithAGpgMadeKey() throws Exception {
    String fingerprint = gpg.generateEd25519Key(Fixtures.USER_ID, passphraseFile);
    publishSignedByGpg(fingerprint, fingerprint);

    VerificationResult result = verify(Fingerprint.parse(fingerprint));

    assertThat(result.verdict()).as("reasons: " + result.reasons()).isEqualTo(Verdict.OK);
  }

  @Test
  void theVerifierRefusesACanarySignedByGpgWithAnotherKey() throws Exception {
    String pinned = gpg.generateEd25519Key(Fixtures.USER_ID, passphraseFile);
    String other = gpg.generateEd25519Key("Mallory <mallory@example.org>", passphraseFile);

    publishSignedByGpg(other, pinned);
    VerificationResult keptTheRealKey = verify(Fingerprint.parse(pinned));
    assertThat(keptTheRealKey.verdict())
        .as("signatures by another key next to the pinned key: " + keptTheRealKey.reasons())
        .isEqualTo(Verdict.WRONG_KEY);

    publishSignedByGpg(other, other);
    VerificationResult swappedTheKey = verify(Fingerprint.parse(pinned));
    assertThat(swappedTheKey.verdict())
        .as("another key published in place of the pinned one: " + swappedTheKey.reasons())
        .isEqualTo(Verdict.WRONG_KEY);
  }

  /** gpg's secret key {@code fingerprint}, exported as an operator would, read by the project. */
  private SigningKey exportedFromGpg(String fingerprint) throws Exception {
    Path exported = gpg.exportSecretKey(fingerprint, passphraseFile, temp.resolve("exported-secret.asc"));
    return SigningKey.parse(Files.readAllBytes(exported));
  }

  /** {@code gpg --verify canary.txt.sig canary.txt} in the site. */
  private Result gpgVerifiesDetached() {
    return gpg.gpg(
        "--verify",
        site.resolve(SiteDirectory.DETACHED_SIGNATURE).toString(),
        site.resolve(SiteDirectory.TEXT).toString());
  }

  /** {@code gpg --verify canary.asc} in the site. */
  private Result gpgVerifiesClearSigned() {
    return gpg.gpg("--verify", site.resolve(SiteDirectory.CLEAR_SIGNED).toString());
  }

  private void sign(SigningKey key) throws CanaryException {
    VerificationResult result =
        new CanarySigning(TODAY, VerificationPolicy.defaults())
            .sign(
                key,
                Fixtures.passphrase(),
                new SigningRequest(PUBLISHED, Optional.empty(), OptionalLong.empty(), FRESHNESS),
                site);
    assertThat(result.verdict()).isEqualTo(Verdict.OK);
  }

  /** canary.txt in the project's format, signed both ways by gpg with {@code signer}, and {@code published}'s key. */
  private void publishSignedByGpg(String signer, String publishedKey) throws Exception {
    Files.createDirectories(site);
    Path text = site.resolve(SiteDirectory.TEXT);
    Files.write(
        text,
        CanaryText.withDefaultLimits()
            .render(CanaryDocument.affirmingAll(Fixtures.USER_ID, PUBLISHED, 1, DueDates.defaultDue(PUBLISHED), FRESHNESS)));
    for (String name : List.of(SiteDirectory.DETACHED_SIGNATURE, SiteDirectory.CLEAR_SIGNED)) {
      Files.deleteIfExists(site.resolve(name));
    }
    gpg.gpg(
            "--passphrase-file", passphraseFile.toString(), "--local-user", signer,
            "--armor", "--output", site.resolve(SiteDirectory.DETACHED_SIGNATURE).toString(),
            "--detach-sign", text.toString())
        .requireSuccess("gpg --detach-sign");
    gpg.gpg(
            "--passphrase-file", passphraseFile.toString(), "--local-user", signer,
            "--output", site.resolve(SiteDirectory.CLEAR_SIGNED).toString(),
            "--clearsign", text.toString())
        .requireSuccess("gpg --clearsign");
    Result exported = gpg.gpg("--armor", "--export", publishedKey).requireSuccess("gpg --export");
    Files.writeString(site.resolve(SiteDirectory.PUBLIC_KEY), exported.stdout(), StandardCharsets.US_ASCII);
  }

  private VerificationResult verify(Fingerprint pinned) throws CanaryException {
    VerificationPolicy policy = VerificationPolicy.defaults();
    return new CanaryVerifier(TODAY, policy).verify(SiteDirectory.read(site, policy), pinned, Optional.empty());
  }
}

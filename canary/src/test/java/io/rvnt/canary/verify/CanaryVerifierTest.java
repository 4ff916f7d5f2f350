package io.rvnt.canary.verify;

import static io.rvnt.canary.testing.Fixtures.DUE;
import static io.rvnt.canary.testing.Fixtures.PUBLISHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.document.Statement;
import io.rvnt.canary.openpgp.CanarySigner;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.openpgp.UnlockedKey;
import io.rvnt.canary.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way a published canary can go wrong, one per test, each with the verdict users must see. */
class CanaryVerifierTest {
  private static SigningKey key;
  private static UnlockedKey unlocked;
  private static SigningKey otherKey;
  private static UnlockedKey otherUnlocked;

  /** The reason the verifier gives for any edit of a signed file. */
  private static final String CHANGED_AFTER_SIGNING = "changed after signing";

  private final CanaryText format = CanaryText.withDefaultLimits();
  private final CanarySigner signer = new CanarySigner(Fixtures.clockOn(PUBLISHED));

  @BeforeAll
  static void makeKeys() throws Exception {
    key = Fixtures.operatorKey();
    unlocked = key.unlock(Fixtures.passphrase());
    otherKey = Fixtures.newKey("Mallory <mallory@example.org>");
    otherUnlocked = otherKey.unlock(Fixtures.passphrase());
  }

  @Test
  void acceptsAFreshCanarySignedByThePinnedKeyWithAllFiveStatements() throws Exception {
    VerificationResult result = verifyOn(PUBLISHED, published(Fixtures.healthyCanary(7)));

    assertThat(result.verdict()).as("reasons: %s", result.reasons()).isEqualTo(Verdict.OK);
    assertThat(result.reasons()).isEmpty();
    assertThat(result.document()).contains(Fixtures.healthyCanary(7));
    assertThat(result.daysUntilDue()).as("1 November to 5 December").contains(34L);
  }

  @Test
  void aChangedByteIsABadSignature() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    byte[] text = canary.text().clone();
    int index = new String(text, StandardCharsets.UTF_8).indexOf("920000");
    text[index] = '8';

    assertVerdict(withText(canary, text), Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void aStatementRemovedAfterSigningIsABadSignature() throws Exception {
    PublishedCanary canary = healthyWithTextEdited(text -> text.replace("3. We have not received a gag order\n", ""));

    assertVerdict(canary, Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void anExtraLineIsABadSignature() throws Exception {
    PublishedCanary canary = healthyWithTextEdited(text -> text + "PS: all is well\n");

    assertVerdict(canary, Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void trailingWhitespaceInCanaryTxtIsABadSignatureSinceTheDetachedSignatureCoversTheExactBytes() throws Exception {
    PublishedCanary canary = healthyWithTextEdited(text -> text.replace("Sequence: 7\n", "Sequence: 7 \n"));

    assertVerdict(canary, Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void crlfLineEndsInCanaryTxtAreABadSignatureSinceTheDetachedSignatureCoversTheExactBytes() throws Exception {
    PublishedCanary canary = healthyWithTextEdited(text -> text.replace("\n", "\r\n"));

    assertVerdict(canary, Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void aChangedClearSignedCopyIsABadSignature() throws Exception {
    PublishedCanary canary = healthyWithClearSignedEdited(asc -> asc.replace("Sequence: 7", "Sequence: 9"));

    assertVerdict(canary, Verdict.BAD_SIGNATURE, CHANGED_AFTER_SIGNING);
  }

  @Test
  void trailingWhitespaceInTheClearSignedCopyDoesNotMatterAsRfc4880Says() throws Exception {
    PublishedCanary canary =
        healthyWithClearSignedEdited(asc -> asc.replace("Sequence: 7\n", "Sequence: 7 \t\n"));

    assertThat(verifyOn(PUBLISHED, canary).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void freshnessLinesStartingWithDashesSurviveTheClearSignedCopy() throws Exception {
    CanaryDocument canary =
        CanaryDocument.affirmingAll(
            Fixtures.USER_ID, PUBLISHED, 7, DUE, List.of("- a headline", "-----BEGIN PGP SIGNATURE-----"));
    PublishedCanary published = published(canary);

    assertThat(new String(published.clearSigned(), StandardCharsets.UTF_8))
        .as("dash-escaped, RFC 4880 section 7.1")
        .contains("\n- - a headline\n- -----BEGIN PGP SIGNATURE-----\n");
    assertThat(verifyOn(PUBLISHED, published).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void aClearSignedCopyOfAnotherCanaryIsMalformed() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    PublishedCanary older = published(Fixtures.healthyCanary(6));

    assertVerdict(
        new PublishedCanary(canary.text(), canary.detachedSignature(), older.clearSigned(), canary.publicKey()),
        Verdict.MALFORMED,
        "say different things");
  }

  @ParameterizedTest
  @EnumSource(Statement.class)
  void aSignedCanaryWithoutAStatementIsTheAlarmNamingIt(Statement withdrawn) throws Exception {
    CanaryDocument canary =
        new CanaryDocument(
            Fixtures.USER_ID, PUBLISHED, 7, DUE, EnumSet.complementOf(EnumSet.of(withdrawn)), List.of("fresh"));

    VerificationResult result = verifyOn(PUBLISHED, published(canary));

    assertThat(result.verdict()).isEqualTo(Verdict.STATEMENT_MISSING);
    assertThat(result.reasons())
        .as("the reason names the missing statement")
        .containsExactly("statement " + withdrawn.number() + " is missing: \"" + withdrawn.text() + "\"");
  }

  @Test
  void aMissingStatementOutranksStaleness() throws Exception {
    CanaryDocument canary =
        new CanaryDocument(
            Fixtures.USER_ID, PUBLISHED, 7, DUE, EnumSet.complementOf(EnumSet.of(Statement.BACKDOOR)), List.of("fresh"));

    VerificationResult result = verifyOn(DUE.plusDays(3), published(canary));

    assertThat(result.verdict()).isEqualTo(Verdict.STATEMENT_MISSING);
    assertThat(result.reasons()).hasSize(2).anySatisfy(reason -> assertThat(reason).contains("3 days overdue"));
  }

  @Test
  void aCanaryPastItsDueDateIsStale() throws Exception {
    VerificationResult result = verifyOn(DUE.plusDays(1), published(Fixtures.healthyCanary(7)));

    assertThat(result.verdict()).isEqualTo(Verdict.STALE);
    assertThat(result.reasons()).containsExactly("the canary was due to be replaced by 2026-12-05 and is 1 days overdue");
    assertThat(result.daysUntilDue()).contains(-1L);
  }

  @Test
  void aCanaryIsStillGoodOnItsDueDate() throws Exception {
    VerificationResult result = verifyOn(DUE, published(Fixtures.healthyCanary(7)));

    assertThat(result.verdict()).as("'not updated by the 5th' means the 5th is still fine").isEqualTo(Verdict.OK);
    assertThat(result.daysUntilDue()).contains(0L);
  }

  @Test
  void aCanaryDatedInTheFutureIsMalformed() throws Exception {
    VerificationResult result = verifyOn(PUBLISHED.minusDays(2), published(Fixtures.healthyCanary(7)));

    assertThat(result.verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(result.reasons()).singleElement().asString().contains("dated 2026-11-01, in the future");
  }

  @Test
  void aCanaryDatedOneDayAheadIsToleratedForTimeZones() throws Exception {
    assertThat(verifyOn(PUBLISHED.minusDays(1), published(Fixtures.healthyCanary(7))).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void aCanaryThatClaimsToStayGoodForMonthsIsMalformed() throws Exception {
    CanaryDocument forever =
        CanaryDocument.affirmingAll(Fixtures.USER_ID, PUBLISHED, 7, PUBLISHED.plusDays(90), List.of("fresh"));

    assertVerdict(published(forever), Verdict.MALFORMED, "good for 90 days");
  }

  @Test
  void aLowerSequenceNumberThanOneSeenIsStale() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));

    VerificationResult result = verifier(PUBLISHED).verify(canary, key.fingerprint(), Optional.of(seen(8)));

    assertThat(result.verdict()).isEqualTo(Verdict.STALE);
    assertThat(result.reasons()).singleElement().asString().contains("sequence 7 is lower than 8");
  }

  @Test
  void theSameCanaryCheckedAgainIsStillGood() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    Seen same = Seen.of(7, canary.text());

    assertThat(verifier(PUBLISHED).verify(canary, key.fingerprint(), Optional.of(same)).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void aDifferentCanaryReusingASeenSequenceNumberIsStale() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));

    VerificationResult result = verifier(PUBLISHED).verify(canary, key.fingerprint(), Optional.of(seen(7)));

    assertThat(result.verdict()).isEqualTo(Verdict.STALE);
    assertThat(result.reasons()).singleElement().asString().contains("already seen on a different canary");
  }

  @Test
  void signaturesByAnotherKeyNextToThePinnedKeyAreTheWrongKey() throws Exception {
    PublishedCanary canary = signedBy(otherUnlocked, format.render(Fixtures.healthyCanary(7)), key);

    assertVerdict(canary, Verdict.WRONG_KEY, "not by the pinned key " + key.fingerprint());
  }

  @Test
  void anotherKeyPublishedInPlaceOfThePinnedOneIsTheWrongKey() throws Exception {
    PublishedCanary canary = signedBy(otherUnlocked, format.render(Fixtures.healthyCanary(7)), otherKey);

    assertVerdict(canary, Verdict.WRONG_KEY, "the published key is " + otherKey.fingerprint());
  }

  @Test
  void aSignedTextThatIsNotACanaryIsMalformed() throws Exception {
    PublishedCanary canary = signedBy(unlocked, "We are fine.\n".getBytes(StandardCharsets.UTF_8), key);

    assertVerdict(canary, Verdict.MALFORMED, "canary.txt: line 1: expected 'RVNT warrant canary'");
  }

  @Test
  void aSignatureFileThatIsNotASignatureIsMalformed() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));

    assertVerdict(
        new PublishedCanary(
            canary.text(), "not a signature".getBytes(StandardCharsets.US_ASCII), canary.clearSigned(), canary.publicKey()),
        Verdict.MALFORMED,
        "canary.txt.sig");
  }

  @Test
  void aClearSignedCopyWithoutTheFrameworkIsMalformed() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));

    assertVerdict(withClearSigned(canary, new String(canary.text(), StandardCharsets.UTF_8)), Verdict.MALFORMED,
        "does not start with '-----BEGIN PGP SIGNED MESSAGE-----'");
  }

  @Test
  void aPublicKeyFileThatIsNotAKeyIsMalformed() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));

    assertVerdict(
        new PublishedCanary(
            canary.text(), canary.detachedSignature(), canary.clearSigned(), canary.detachedSignature()),
        Verdict.MALFORMED,
        "canary-key.asc");
  }

  @Test
  void filesOverTheLimitsAreMalformedWithoutBeingParsed() throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    VerificationPolicy tiny = new VerificationPolicy(64, 64 * 1024, 8 * 1024, 64 * 1024, 1, 62);

    VerificationResult result =
        new CanaryVerifier(Fixtures.clockOn(PUBLISHED), tiny).verify(canary, key.fingerprint(), Optional.empty());

    assertThat(result.verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(result.reasons()).singleElement().asString().contains("over the limit of 64");
  }

  private PublishedCanary published(CanaryDocument document) throws Exception {
    return signedBy(unlocked, format.render(document), key);
  }

  /** {@code text} signed both ways with {@code signingKey}, published next to {@code publishedKey}. */
  private PublishedCanary signedBy(UnlockedKey signingKey, byte[] text, SigningKey publishedKey) throws Exception {
    return new PublishedCanary(
        text,
        signer.detached(signingKey, text),
        signer.clearSigned(signingKey, text),
        publishedKey.publicKeyArmored());
  }

  /** The healthy canary 7, signed, with canary.txt edited afterwards. */
  private PublishedCanary healthyWithTextEdited(UnaryOperator<String> edit) throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    String text = edit.apply(new String(canary.text(), StandardCharsets.UTF_8));
    return withText(canary, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The healthy canary 7, signed, with canary.asc edited afterwards. */
  private PublishedCanary healthyWithClearSignedEdited(UnaryOperator<String> edit) throws Exception {
    PublishedCanary canary = published(Fixtures.healthyCanary(7));
    return withClearSigned(canary, edit.apply(new String(canary.clearSigned(), StandardCharsets.UTF_8)));
  }

  private static PublishedCanary withText(PublishedCanary canary, byte[] text) {
    return new PublishedCanary(text, canary.detachedSignature(), canary.clearSigned(), canary.publicKey());
  }

  private static PublishedCanary withClearSigned(PublishedCanary canary, String clearSigned) {
    return new PublishedCanary(
        canary.text(), canary.detachedSignature(), clearSigned.getBytes(StandardCharsets.UTF_8), canary.publicKey());
  }

  private static Seen seen(long sequence) {
    return Seen.of(sequence, ("another canary " + sequence).getBytes(StandardCharsets.UTF_8));
  }

  private static CanaryVerifier verifier(LocalDate today) {
    return new CanaryVerifier(Fixtures.clockOn(today), VerificationPolicy.defaults());
  }

  private static VerificationResult verifyOn(LocalDate today, PublishedCanary canary) {
    return verifier(today).verify(canary, key.fingerprint(), Optional.empty());
  }

  private static void assertVerdict(PublishedCanary canary, Verdict verdict, String reason) {
    VerificationResult result = verifyOn(PUBLISHED, canary);
    assertThat(result.verdict()).as("reasons: %s", result.reasons()).isEqualTo(verdict);
    assertThat(result.reasons()).singleElement().asString().contains(reason);
    assertThat(result.document()).as("nothing is believed from a canary that failed").isEmpty();
  }
}

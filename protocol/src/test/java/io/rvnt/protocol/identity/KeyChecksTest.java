package io.rvnt.protocol.identity;

import static io.rvnt.protocol.identity.ProtocolException.Reason.BAD_KEY_SIGNATURE;
import static io.rvnt.protocol.identity.ProtocolException.Reason.DUPLICATE_PREKEY_ID;
import static io.rvnt.protocol.identity.ProtocolException.Reason.INVALID_KEY;
import static io.rvnt.protocol.identity.ProtocolException.Reason.INVALID_USERNAME;
import static io.rvnt.protocol.identity.ProtocolException.Reason.MALFORMED_REQUEST;
import static io.rvnt.protocol.identity.ProtocolException.Reason.TOO_MANY_PREKEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.TorsionSignatures;
import io.rvnt.protocol.crypto.X25519;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class KeyChecksTest {
  private static final int MAX = 100;
  private final TestKeys keys = new TestKeys(1);
  private final TestKeys otherKeys = new TestKeys(2);

  private static ProtocolException.Reason reasonOf(ThrowingCallable call) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, call);
    assertThat(e).as("a ProtocolException is thrown").isNotNull();
    return e.reason();
  }

  @Test
  void acceptsAValidRegistration() {
    assertThatCode(() -> KeyChecks.checkRegistration(keys.registration("alice", 100), MAX)).doesNotThrowAnyException();
  }

  @Test
  void refusesAnInvalidUsernameFirst() {
    Registration registration = keys.registration("Alice", 0);
    assertThat(reasonOf(() -> KeyChecks.checkRegistration(registration, MAX))).isEqualTo(INVALID_USERNAME);
  }

  @Test
  void refusesAnIdentityKeyOfTheWrongLength() {
    assertThat(reasonOf(() -> KeyChecks.checkIdentityKey(new byte[31]))).isEqualTo(INVALID_KEY);
    assertThat(reasonOf(() -> KeyChecks.checkIdentityKey(new byte[33]))).isEqualTo(INVALID_KEY);
    assertThat(reasonOf(() -> KeyChecks.checkIdentityKey(new byte[0]))).as("absent key").isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAnIdentityKeyThatIsNotACanonicalPoint() {
    byte[] nonCanonical = new byte[32];
    Arrays.fill(nonCanonical, (byte) 0xff);
    nonCanonical[0] = (byte) 0xed;
    nonCanonical[31] = 0x7f; // y = p, the non-canonical spelling of y = 0
    assertThat(reasonOf(() -> KeyChecks.checkIdentityKey(nonCanonical))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAnIdentityKeyOfSmallOrder() {
    byte[] neutral = new byte[32];
    neutral[0] = 1; // y = 1: the neutral element
    assertThat(reasonOf(() -> KeyChecks.checkIdentityKey(neutral))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesARegistrationWithABadIdentityKeyBeforeLookingAtSignatures() {
    Registration registration = new Registration(
        "alice", new byte[32], keys.signedPreKey(1), keys.pqPreKey(1), List.of());
    assertThat(reasonOf(() -> KeyChecks.checkRegistration(registration, MAX))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesSignedPreKeyIdZero() {
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), keys.signedPreKey(0))))
        .isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesASignedPreKeyOfTheWrongLength() {
    byte[] shortKey = new byte[31];
    shortKey[0] = 9;
    SignedPreKey key = new SignedPreKey(1, shortKey, keys.sign(SignedBytes.signedPreKey(1, shortKey)));
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), key))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAnAllZeroSignedPreKey() {
    byte[] zero = new byte[32];
    SignedPreKey key = new SignedPreKey(1, zero, keys.sign(SignedBytes.signedPreKey(1, zero)));
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), key))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesASignedPreKeySignedByAnotherIdentity() {
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), otherKeys.signedPreKey(1))))
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesASignedPreKeyWhoseIdWasChangedAfterSigning() {
    SignedPreKey signed = keys.signedPreKey(1);
    SignedPreKey changed = new SignedPreKey(2, signed.publicKey(), signed.signature());
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), changed)))
        .as("the id is inside the signed bytes")
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesASignedPreKeySignatureOfTheWrongLength() {
    SignedPreKey signed = keys.signedPreKey(1);
    SignedPreKey truncated = new SignedPreKey(1, signed.publicKey(), Arrays.copyOf(signed.signature(), 63));
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), truncated)))
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesPreKeySignaturesThatHoldOnlyUnderTheCofactoredEquation() {
    byte[] seed = keys.identity.seed();
    byte[] spkPublic = keys.signedPreKeyPair.publicKey();
    SignedPreKey spk = new SignedPreKey(1, spkPublic,
        TorsionSignatures.cofactoredOnly(seed, SignedBytes.signedPreKey(1, spkPublic)));
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), spk)))
        .as("spec §4: the cofactorless equation of RFC 8032 §5.1.7").isEqualTo(BAD_KEY_SIGNATURE);
    byte[] pqPublic = keys.pqPreKeyPair.publicKey();
    PqPreKey pq = new PqPreKey(1, pqPublic, TorsionSignatures.cofactoredOnly(seed, SignedBytes.pqPreKey(1, pqPublic)));
    assertThat(reasonOf(() -> KeyChecks.checkPqPreKey(keys.identityKey(), pq)))
        .as("spec §4, for the PQ prekey too").isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesASignedPreKeySignedWithThePqLabel() {
    byte[] publicKey = keys.signedPreKeyPair.publicKey();
    SignedPreKey crossed = new SignedPreKey(1, publicKey, keys.sign(SignedBytes.pqPreKey(1, publicKey)));
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), crossed)))
        .as("domain separation between the two prekey kinds")
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesPqPreKeyIdZero() {
    assertThat(reasonOf(() -> KeyChecks.checkPqPreKey(keys.identityKey(), keys.pqPreKey(0))))
        .isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAPqPreKeyOfTheWrongLength() {
    byte[] shortKey = Arrays.copyOf(keys.pqPreKeyPair.publicKey(), 1183);
    PqPreKey key = new PqPreKey(1, shortKey, keys.sign(SignedBytes.pqPreKey(1, shortKey)));
    assertThat(reasonOf(() -> KeyChecks.checkPqPreKey(keys.identityKey(), key))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAPqPreKeyFailingTheModulusCheck() {
    byte[] unreduced = keys.pqPreKeyPair.publicKey();
    unreduced[0] = (byte) 0xff;
    unreduced[1] = (byte) (unreduced[1] | 0x0f); // first coefficient 4095 >= 3329
    PqPreKey key = new PqPreKey(1, unreduced, keys.sign(SignedBytes.pqPreKey(1, unreduced)));
    assertThat(reasonOf(() -> KeyChecks.checkPqPreKey(keys.identityKey(), key))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAPqPreKeySignedByAnotherIdentity() {
    assertThat(reasonOf(() -> KeyChecks.checkPqPreKey(keys.identityKey(), otherKeys.pqPreKey(1))))
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesMoreOneTimePreKeysThanTheUploadLimit() {
    assertThat(reasonOf(() -> KeyChecks.checkOneTimePreKeys(keys.oneTimePreKeys(1, MAX + 1), MAX)))
        .isEqualTo(TOO_MANY_PREKEYS);
    assertThatCode(() -> KeyChecks.checkOneTimePreKeys(keys.oneTimePreKeys(1, MAX), MAX))
        .as("exactly the limit is allowed")
        .doesNotThrowAnyException();
  }

  @Test
  void refusesOneTimePreKeyIdZero() {
    List<OneTimePreKey> list = List.of(new OneTimePreKey(0, X25519.generate(keys.random).publicKey()));
    assertThat(reasonOf(() -> KeyChecks.checkOneTimePreKeys(list, MAX))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAOneTimePreKeyOfTheWrongLength() {
    List<OneTimePreKey> list = List.of(new OneTimePreKey(1, new byte[] {1, 2, 3}));
    assertThat(reasonOf(() -> KeyChecks.checkOneTimePreKeys(list, MAX))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesAnAllZeroOneTimePreKey() {
    List<OneTimePreKey> list = List.of(new OneTimePreKey(1, new byte[32]));
    assertThat(reasonOf(() -> KeyChecks.checkOneTimePreKeys(list, MAX))).isEqualTo(INVALID_KEY);
  }

  @Test
  void refusesDuplicateOneTimePreKeyIdsWithinOneUpload() {
    List<OneTimePreKey> list = new ArrayList<>(keys.oneTimePreKeys(1, 3));
    list.add(new OneTimePreKey(2, X25519.generate(keys.random).publicKey()));
    assertThat(reasonOf(() -> KeyChecks.checkOneTimePreKeys(list, MAX))).isEqualTo(DUPLICATE_PREKEY_ID);
  }

  @Test
  void refusesAnEmptyUpload() {
    PreKeyUpload empty = new PreKeyUpload(List.of(), Optional.empty(), Optional.empty());
    assertThat(reasonOf(() -> KeyChecks.checkUpload(keys.identityKey(), empty, MAX))).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void acceptsAnUploadThatOnlyRotates() {
    PreKeyUpload rotate = new PreKeyUpload(List.of(), Optional.of(keys.signedPreKey(2)), Optional.of(keys.pqPreKey(2)));
    assertThatCode(() -> KeyChecks.checkUpload(keys.identityKey(), rotate, MAX)).doesNotThrowAnyException();
  }

  @Test
  void refusesAnUploadRotatingToAPreKeySignedByAnotherIdentity() {
    PreKeyUpload signedByOther = new PreKeyUpload(List.of(), Optional.of(otherKeys.signedPreKey(2)), Optional.empty());
    assertThat(reasonOf(() -> KeyChecks.checkUpload(keys.identityKey(), signedByOther, MAX)))
        .isEqualTo(BAD_KEY_SIGNATURE);
    PreKeyUpload pqByOther = new PreKeyUpload(List.of(), Optional.empty(), Optional.of(otherKeys.pqPreKey(2)));
    assertThat(reasonOf(() -> KeyChecks.checkUpload(keys.identityKey(), pqByOther, MAX)))
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesAnUploadWithTooManyOneTimePreKeys() {
    PreKeyUpload upload = new PreKeyUpload(keys.oneTimePreKeys(1, MAX + 1), Optional.empty(), Optional.empty());
    assertThat(reasonOf(() -> KeyChecks.checkUpload(keys.identityKey(), upload, MAX))).isEqualTo(TOO_MANY_PREKEYS);
  }

  @Test
  void checksAnUploadsRotatedPreKeysBeforeItsOneTimePreKeys() {
    PreKeyUpload both = new PreKeyUpload(
        keys.oneTimePreKeys(1, MAX + 1), Optional.of(otherKeys.signedPreKey(2)), Optional.empty());
    assertThat(reasonOf(() -> KeyChecks.checkUpload(keys.identityKey(), both, MAX)))
        .as("spec §7.0: step 4 before step 5")
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void checksARegistrationsPreKeysBeforeItsOneTimePreKeys() {
    Registration registration = new Registration(
        "alice", keys.identityKey(), otherKeys.signedPreKey(1), keys.pqPreKey(1), keys.oneTimePreKeys(1, MAX + 1));
    assertThat(reasonOf(() -> KeyChecks.checkRegistration(registration, MAX)))
        .as("spec §7.0: step 4 before step 5")
        .isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void splitsRegistrationChecksAroundTheProofOfWork() {
    Registration badSignature = new Registration(
        "alice", keys.identityKey(), otherKeys.signedPreKey(1), keys.pqPreKey(1), List.of());
    assertThatCode(() -> KeyChecks.checkRegistrationIdentity(badSignature))
        .as("the identity half does not look at signatures")
        .doesNotThrowAnyException();
    assertThat(reasonOf(() -> KeyChecks.checkRegistrationKeys(badSignature, MAX))).isEqualTo(BAD_KEY_SIGNATURE);
  }

  @Test
  void messagesNeverContainTheUsernameOrKeyBytes() {
    Registration registration = new Registration(
        "Secret_Name", keys.identityKey(), keys.signedPreKey(1), keys.pqPreKey(1), List.of());
    ProtocolException e = catchThrowableOfType(
        ProtocolException.class, () -> KeyChecks.checkRegistration(registration, MAX));
    assertThat(e.getMessage()).doesNotContain("Secret_Name");
    assertThat(registration.toString()).as("records never print usernames").doesNotContain("Secret_Name");
  }

  @Test
  void identityKeySignatureTamperingIsRefused() {
    SignedPreKey signed = keys.signedPreKey(1);
    byte[] signature = signed.signature();
    signature[10] ^= 1;
    SignedPreKey tampered = new SignedPreKey(1, signed.publicKey(), signature);
    assertThat(reasonOf(() -> KeyChecks.checkSignedPreKey(keys.identityKey(), tampered)))
        .isEqualTo(BAD_KEY_SIGNATURE);
    assertThat(Ed25519.verify(keys.identityKey(), SignedBytes.signedPreKey(1, signed.publicKey()), signed.signature()))
        .as("the untampered signature verifies")
        .isTrue();
  }
}

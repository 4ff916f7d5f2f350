package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.openpgp.SignatureCheck.Status;
import io.rvnt.canary.testing.Fixtures;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canary's EdDSA signatures follow the project's one Ed25519 rule (docs/identity-protocol.md §4, docs/canary.md),
 * so {@code rvnt canary verify} and gpg agree on every signature, even one its key's holder crafted.
 */
class EdDsaVerificationTest {
  private static UnlockedKey unlocked;
  private static CanaryPublicKey publicKey;
  private static byte[] text;

  @BeforeAll
  static void makeKey() throws Exception {
    SigningKey key = Fixtures.operatorKey();
    unlocked = key.unlock(Fixtures.passphrase());
    publicKey = CanaryPublicKey.parse(key.publicKeyArmored(), CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);
    text = CanaryText.withDefaultLimits().render(Fixtures.healthyCanary(1));
  }

  @Test
  void refusesASignatureThatHoldsOnlyUnderTheCofactoredEquation() throws Exception {
    byte[] forged = CofactoredOnlySigner.detached(unlocked, text, Fixtures.clockOn(Fixtures.PUBLISHED).millis());
    PGPSignature parsed = SignatureParsing.detached(forged, "canary.txt.sig");
    parsed.init(new BcPGPContentVerifierBuilderProvider(), unlocked.publicKey());
    parsed.update(text);
    assertThat(parsed.verify()).as("BouncyCastle's own verifier, cofactored, accepts it").isTrue();

    SignatureCheck check = publicKey.checkDetached(forged, text, 8192);
    assertThat(check.status()).as(check.reason()).isEqualTo(Status.BAD_SIGNATURE);
  }

  @Test
  void acceptsTheHonestSignatureOfTheSameKey() throws Exception {
    byte[] honest = new CanarySigner(Fixtures.clockOn(Fixtures.PUBLISHED)).detached(unlocked, text);
    SignatureCheck check = publicKey.checkDetached(honest, text, 8192);
    assertThat(check.status()).as(check.reason()).isEqualTo(Status.VALID);
  }
}

package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  @Test
  void generatesAV4LegacyEdDsaKeyThatGpg22Reads() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    CanaryPublicKey publicKey = CanaryPublicKey.parse(key.publicKeyArmored(), CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);

    PGPSecretKeyRing ring = reparse(key);
    assertThat(ring.getPublicKey().getVersion()).as("v4, not v6").isEqualTo(4);
    assertThat(ring.getPublicKey().getAlgorithm())
        .as("legacy EdDSA (22), not Ed25519 (27)")
        .isEqualTo(PublicKeyAlgorithmTags.EDDSA_LEGACY);
    assertThat(publicKey.fingerprint()).isEqualTo(key.fingerprint());
    assertThat(publicKey.userId()).isEqualTo(Fixtures.USER_ID);
  }

  @Test
  void readsBackItsOwnArmoredSecretKey() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    SigningKey again = SigningKey.parse(key.secretKeyArmored());

    assertThat(again.fingerprint()).isEqualTo(key.fingerprint());
    assertThat(again.unlock(Fixtures.passphrase()).fingerprint()).isEqualTo(key.fingerprint());
  }

  @Test
  void refusesASecretKeyWithoutPassphrase() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    PGPSecretKeyRing unprotected =
        PGPSecretKeyRing.copyWithNewPassword(
            reparse(key),
            new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(Fixtures.passphrase()),
            null);

    assertThatThrownBy(() -> SigningKey.parse(OpenPgp.armor(unprotected::encode)))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT))
        .hasMessageContaining("has no passphrase");
  }

  @Test
  void refusesAPublicKeyWhereASecretKeyBelongs() throws Exception {
    SigningKey key = Fixtures.newKey(Fixtures.USER_ID);
    assertThatThrownBy(() -> SigningKey.parse(key.publicKeyArmored()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT))
        .hasMessageContaining("not an OpenPGP secret key");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> SigningKey.parse("hello".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT));
  }

  @Test
  void refusesAnEmptyPassphraseOrAMultiLineUserId() {
    SigningKeyGenerator generator = new SigningKeyGenerator(Fixtures.clockOn(Fixtures.PUBLISHED));
    assertThatThrownBy(() -> generator.generate(Fixtures.USER_ID, new char[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> generator.generate("a\nb", Fixtures.passphrase())).hasMessageContaining("one line");
  }

  private static PGPSecretKeyRing reparse(SigningKey key) throws Exception {
    try (var in =
        org.bouncycastle.openpgp.PGPUtil.getDecoderStream(new java.io.ByteArrayInputStream(key.secretKeyArmored()))) {
      return new PGPSecretKeyRing(in, OpenPgp.FINGERPRINTS);
    }
  }
}

package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.openpgp.SignatureCheck.Status;
import io.rvnt.canary.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signature rules below the verdicts: kinds of signatures, hashes, key state. */
class CanaryPublicKeyTest {
  private static SigningKey key;
  private static UnlockedKey unlocked;
  private static byte[] text;

  @BeforeAll
  static void makeKey() throws Exception {
    key = Fixtures.newKey(Fixtures.USER_ID);
    unlocked = key.unlock(Fixtures.passphrase());
    text = CanaryText.withDefaultLimits().render(Fixtures.healthyCanary(1));
  }

  @Test
  void acceptsTheProjectsOwnDetachedSignature() throws Exception {
    byte[] signature = new CanarySigner(Fixtures.clockOn(Fixtures.PUBLISHED)).detached(unlocked, text);
    SignatureCheck check = publicKey().checkDetached(signature, text, 8192);
    assertThat(check.status()).as(check.reason()).isEqualTo(Status.VALID);
  }

  @Test
  void refusesATextModeSignatureAsTheDetachedSignature() throws Exception {
    byte[] signature = sign(PGPSignature.CANONICAL_TEXT_DOCUMENT, HashAlgorithmTags.SHA512, text);

    SignatureCheck check = publicKey().checkDetached(signature, text, 8192);

    assertThat(check.status())
        .as("canary.txt is published byte for byte, so its signature is a binary one")
        .isEqualTo(Status.MALFORMED);
    assertThat(check.reason()).contains("text-document signature; expected a binary-document signature");
  }

  @Test
  void refusesASha1Signature() throws Exception {
    byte[] signature = sign(PGPSignature.BINARY_DOCUMENT, HashAlgorithmTags.SHA1, text);

    SignatureCheck check = publicKey().checkDetached(signature, text, 8192);

    assertThat(check.status()).isEqualTo(Status.BAD_SIGNATURE);
    assertThat(check.reason()).contains("SHA1, too weak to trust");
  }

  @Test
  void refusesTwoSignaturesInOneFile() throws Exception {
    byte[] one = sign(PGPSignature.BINARY_DOCUMENT, HashAlgorithmTags.SHA512, text);
    byte[] packet = dearmor(one);
    byte[] both = OpenPgp.armor(out -> {
      out.write(packet);
      out.write(packet);
    });

    SignatureCheck check = publicKey().checkDetached(both, text, 8192);

    assertThat(check.status()).isEqualTo(Status.MALFORMED);
  }

  @Test
  void refusesASignatureFileOverTheLimit() throws Exception {
    byte[] signature = sign(PGPSignature.BINARY_DOCUMENT, HashAlgorithmTags.SHA512, text);

    assertThat(publicKey().checkDetached(signature, text, 10).reason()).contains("over the limit of 10");
  }

  @Test
  void refusesSignaturesOnceThePinnedKeyIsRevoked() throws Exception {
    PGPPublicKeyRing ring = ring();
    PGPPublicKey primary = ring.getPublicKey();
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(new BcPGPContentSignerBuilder(primary.getAlgorithm(), HashAlgorithmTags.SHA512), primary);
    generator.init(PGPSignature.KEY_REVOCATION, unlocked.privateKey());
    PGPSignature revocation = generator.generateCertification(primary);
    PGPPublicKeyRing revoked =
        PGPPublicKeyRing.insertPublicKey(ring, PGPPublicKey.addCertification(primary, revocation));
    CanaryPublicKey revokedKey = CanaryPublicKey.parse(OpenPgp.armor(out -> revoked.encode(out, true)), 65536);

    SignatureCheck check =
        revokedKey.checkDetached(sign(PGPSignature.BINARY_DOCUMENT, HashAlgorithmTags.SHA512, text), text, 8192);

    assertThat(check.status()).isEqualTo(Status.WRONG_KEY);
    assertThat(check.reason()).contains("has been revoked");
  }

  @Test
  void refusesASubkeyGraftedOntoThePinnedKeyWithoutItsBinding() throws Exception {
    // Mallory appends her own signing subkey (bound by her primary key, not by the pinned one) to the published key.
    Date created = new Date(Fixtures.clockOn(Fixtures.PUBLISHED).millis());
    BcPGPKeyPairGeneratorProvider pairs = new BcPGPKeyPairGeneratorProvider();
    PGPKeyPair malloryPrimary = pairs.get(PublicKeyPacket.VERSION_4, created).generateLegacyEd25519KeyPair();
    PGPKeyPair mallorySubkey = pairs.get(PublicKeyPacket.VERSION_4, created).generateLegacyEd25519KeyPair();
    PGPKeyRingGenerator mallory =
        new PGPKeyRingGenerator(
            PGPSignature.POSITIVE_CERTIFICATION,
            malloryPrimary,
            "Mallory <mallory@example.org>",
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
            null,
            null,
            new BcPGPContentSignerBuilder(malloryPrimary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
            null);
    PGPSignatureSubpacketGenerator flags = new PGPSignatureSubpacketGenerator();
    flags.setKeyFlags(false, KeyFlags.SIGN_DATA);
    mallory.addSubKey(mallorySubkey, flags.generate(), null);
    PGPPublicKey graft = null;
    for (PGPPublicKey candidate : mallory.generatePublicKeyRing()) {
      if (!candidate.isMasterKey()) {
        graft = candidate;
      }
    }
    PGPPublicKeyRing grafted = PGPPublicKeyRing.insertPublicKey(ring(), graft);
    CanaryPublicKey graftedKey = CanaryPublicKey.parse(OpenPgp.armor(out -> grafted.encode(out, true)), 65536);
    UnlockedKey malloryKey = new UnlockedKey(mallorySubkey.getPrivateKey(), graft, key.fingerprint());
    byte[] signature = new CanarySigner(Fixtures.clockOn(Fixtures.PUBLISHED)).detached(malloryKey, text);

    SignatureCheck check = graftedKey.checkDetached(signature, text, 8192);

    assertThat(graftedKey.fingerprint()).as("the grafted file still carries the pinned fingerprint").isEqualTo(key.fingerprint());
    assertThat(check.status()).as(check.reason()).isEqualTo(Status.WRONG_KEY);
    assertThat(check.reason()).contains("not validly bound to the pinned key");
  }

  @Test
  void refusesAKeyFileHoldingTwoKeys() throws Exception {
    SigningKey other = Fixtures.newKey("Other <other@example.org>");
    byte[] first = dearmor(key.publicKeyArmored());
    byte[] second = dearmor(other.publicKeyArmored());
    byte[] two = OpenPgp.armor(out -> {
      out.write(first);
      out.write(second);
    });

    assertThatThrownBy(() -> CanaryPublicKey.parse(two, 65536))
        .isInstanceOf(CanaryException.class)
        .hasMessageContaining("more than one key");
  }

  private static CanaryPublicKey publicKey() throws CanaryException {
    return CanaryPublicKey.parse(key.publicKeyArmored(), CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);
  }

  private static PGPPublicKeyRing ring() throws Exception {
    return new PGPPublicKeyRing(dearmor(key.publicKeyArmored()), OpenPgp.FINGERPRINTS);
  }

  private static byte[] sign(int type, int hash, byte[] data) throws Exception {
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(new BcPGPContentSignerBuilder(unlocked.publicKey().getAlgorithm(), hash), unlocked.publicKey());
    generator.init(type, unlocked.privateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, new Date(Fixtures.clockOn(Fixtures.PUBLISHED).millis()));
    hashed.setIssuerFingerprint(false, unlocked.publicKey());
    generator.setHashedSubpackets(hashed.generate());
    generator.update(data);
    PGPSignature signature = generator.generate();
    return OpenPgp.armor(out -> signature.encode(out, true));
  }

  private static byte[] dearmor(byte[] armored) throws Exception {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      return in.readAllBytes();
    }
  }
}

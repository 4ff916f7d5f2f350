package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;

/**
 * Makes the canary's signing key: one v4 Ed25519 primary key in the legacy EdDSA encoding (algorithm 22), allowed to
 * certify and sign, with its secret part encrypted under the passphrase (AES-256, iterated and salted SHA-256 S2K,
 * RFC 4880 section 3.7.1.3). Debian 12's gpg 2.2 reads exactly this; BouncyCastle's newer defaults (v6 keys,
 * algorithm 27, SHA3 signatures) it rejects.
 */
public final class SigningKeyGenerator {
  /**
   * The S2K iteration count byte: 0xF0 hashes 32 MiB per unlock (RFC 4880 section 3.7.1.3), a few tenths of a second,
   * to slow down guessing the passphrase of a stolen key file.
   */
  public static final int DEFAULT_S2K_COUNT = 0xF0;

  /** A name and an e-mail address; the canary quotes it on one line as its issuer. */
  public static final int MAX_USER_ID_CHARS = 200;

  private final Clock clock;
  private final SecureRandom random;
  private final int s2kCount;

  public SigningKeyGenerator(Clock clock, SecureRandom random, int s2kCount) {
    if (s2kCount < 0 || s2kCount > 0xFF) {
      throw new IllegalArgumentException("s2kCount is one byte, 0 to 255, was " + s2kCount);
    }
    this.clock = clock;
    this.random = random;
    this.s2kCount = s2kCount;
  }

  public SigningKeyGenerator(Clock clock) {
    this(clock, new SecureRandom(), DEFAULT_S2K_COUNT);
  }

  /**
   * A new key for {@code userId} (such as {@code RVNT Canary <canary@rvntos.io>}), encrypted under
   * {@code passphrase}. The caller owns the passphrase and wipes it afterwards.
   */
  public SigningKey generate(String userId, char[] passphrase) throws CanaryException {
    if (userId.isBlank() || userId.length() > MAX_USER_ID_CHARS || userId.chars().anyMatch(Character::isISOControl)) {
      throw new CanaryException(
          Reason.BAD_INPUT, "the user ID must be one line of 1 to " + MAX_USER_ID_CHARS + " characters");
    }
    if (passphrase.length == 0) {
      throw new CanaryException(Reason.BAD_INPUT, "the passphrase is empty");
    }
    // OpenPGP timestamps are whole seconds.
    Date created = Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond()));
    try {
      PGPKeyPair pair =
          new BcPGPKeyPairGeneratorProvider()
              .setSecureRandom(random)
              .get(PublicKeyPacket.VERSION_4, created)
              .generateLegacyEd25519KeyPair();

      PGPSignatureSubpacketGenerator selfSignature = new PGPSignatureSubpacketGenerator();
      selfSignature.setSignatureCreationTime(false, created);
      selfSignature.setIssuerFingerprint(false, pair.getPublicKey());
      selfSignature.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
      selfSignature.setPrimaryUserID(false, true);
      selfSignature.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      selfSignature.setPreferredSymmetricAlgorithms(
          false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
      selfSignature.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);

      BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
      PBESecretKeyEncryptor encryptor =
          new BcPBESecretKeyEncryptorBuilder(
                  SymmetricKeyAlgorithmTags.AES_256, digests.get(HashAlgorithmTags.SHA256), s2kCount)
              .setSecureRandom(random)
              .build(passphrase);
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pair,
              userId,
              // The secret key checksum is SHA-1 by definition (S2K usage 254, RFC 4880 section 5.5.3).
              digests.get(HashAlgorithmTags.SHA1),
              selfSignature.generate(),
              null,
              new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), OpenPgp.SIGNATURE_HASH),
              encryptor);
      return new SigningKey(rings.generateSecretKeyRing());
    } catch (PGPException e) {
      throw new CanaryException(Reason.BAD_INPUT, "could not generate the key: " + e.getMessage(), e);
    }
  }
}

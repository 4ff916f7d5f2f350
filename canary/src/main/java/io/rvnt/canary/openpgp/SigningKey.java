package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * The canary's OpenPGP key as the operator holds it: a passphrase-protected secret key ring, made by
 * {@link SigningKeyGenerator} or exported from gpg ({@code gpg --export-secret-keys --armor}). It signs with the
 * primary key when that may sign, otherwise with its signing subkey.
 */
public final class SigningKey {
  /** A secret key with a few user IDs and subkeys is a few KiB; anything far larger is not a key. */
  public static final int MAX_KEY_BYTES = 64 * 1024;

  private final PGPSecretKeyRing ring;
  private final PGPSecretKey signingKey;

  SigningKey(PGPSecretKeyRing ring) throws CanaryException {
    this.ring = ring;
    this.signingKey = chooseSigningKey(ring);
    if (signingKey.getS2KUsage() == SecretKeyPacket.USAGE_NONE) {
      throw new CanaryException(
          Reason.BAD_INPUT,
          "the secret key has no passphrase; protect it first (gpg --passwd " + fingerprint().hex() + ")");
    }
  }

  /** Reads an armored (or binary) secret key ring, such as {@code gpg --export-secret-keys --armor} writes. */
  public static SigningKey parse(byte[] encoded) throws CanaryException {
    OpenPgp.checkSize("the secret key", encoded, MAX_KEY_BYTES);
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(encoded))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object first = factory.nextObject();
      if (!(first instanceof PGPSecretKeyRing ring)) {
        throw new CanaryException(Reason.BAD_INPUT, "not an OpenPGP secret key (is it a public key?)");
      }
      if (factory.nextObject() != null) {
        throw new CanaryException(Reason.BAD_INPUT, "the file holds more than one secret key; export just one");
      }
      return new SigningKey(ring);
    } catch (IOException | RuntimeException e) {
      throw new CanaryException(Reason.BAD_INPUT, "not a readable OpenPGP secret key", e);
    }
  }

  public Fingerprint fingerprint() {
    return Fingerprint.of(ring.getPublicKey().getFingerprint());
  }

  /** The primary user ID, such as {@code RVNT Canary <canary@rvntos.io>}; the canary names it as its issuer. */
  public String userId() {
    Iterator<String> ids = ring.getPublicKey().getUserIDs();
    return ids.hasNext() ? ids.next() : fingerprint().hex();
  }

  /** The armored public key that verifiers import and pin. */
  public byte[] publicKeyArmored() {
    return OpenPgp.armor(out -> ring.toCertificate().encode(out, true));
  }

  /** The armored secret key ring, still encrypted under its passphrase. */
  public byte[] secretKeyArmored() {
    return OpenPgp.armor(ring::encode);
  }

  /**
   * Decrypts the signing key. The caller owns {@code passphrase} and wipes it afterwards; nothing here keeps it.
   *
   * @throws CanaryException {@link Reason#WRONG_PASSPHRASE} when it does not decrypt
   */
  public UnlockedKey unlock(char[] passphrase) throws CanaryException {
    try {
      PBESecretKeyDecryptor decryptor =
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase);
      return new UnlockedKey(signingKey.extractPrivateKey(decryptor), signingKey.getPublicKey(), fingerprint());
    } catch (PGPException | RuntimeException e) {
      // Deliberately without the cause: nothing about the attempt is worth repeating.
      throw new CanaryException(Reason.WRONG_PASSPHRASE, "the passphrase does not unlock key " + fingerprint());
    }
  }

  private static PGPSecretKey chooseSigningKey(PGPSecretKeyRing ring) throws CanaryException {
    PGPSecretKey primary = ring.getSecretKey();
    long primaryId = primary.getKeyID();
    if (usable(primary, primaryId)) {
      return primary;
    }
    for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey candidate = it.next();
      if (!candidate.isMasterKey() && usable(candidate, primaryId)) {
        return candidate;
      }
    }
    throw new CanaryException(
        Reason.NO_SIGNING_KEY,
        "key " + Fingerprint.of(primary.getFingerprint()) + " has no secret key allowed to sign");
  }

  private static boolean usable(PGPSecretKey key, long primaryId) {
    PGPPublicKey publicKey = key.getPublicKey();
    return !key.isPrivateKeyEmpty()
        && !publicKey.hasRevocation()
        && KeyFlagsOf.maySign(publicKey, primaryId);
  }
}

package io.rvnt.canary.openpgp;

import io.rvnt.protocol.crypto.Ed25519;
import java.io.OutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.PGPContentVerifier;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilder;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyConverter;

/**
 * BouncyCastle's signature verifiers, except that EdDSA over Ed25519 (legacy algorithm 22, and 27) is checked by the
 * project's one Ed25519 rule, {@link Ed25519#verify} (docs/identity-protocol.md §4), on the signature's hash, which
 * is what OpenPGP's EdDSA signs. BouncyCastle's own check is the cofactored equation, which accepts signatures that
 * gpg (libgcrypt, cofactorless) refuses; with this one, {@code rvnt canary verify} and {@code gpg --verify} agree.
 */
final class StrictEdDsaVerifiers implements PGPContentVerifierBuilderProvider {
  private final BcPGPContentVerifierBuilderProvider others = new BcPGPContentVerifierBuilderProvider();
  private final BcPGPKeyConverter keys = new BcPGPKeyConverter();
  private final BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();

  @Override
  public PGPContentVerifierBuilder get(int keyAlgorithm, int hashAlgorithm) throws PGPException {
    PGPContentVerifierBuilder other = others.get(keyAlgorithm, hashAlgorithm);
    if (keyAlgorithm != PublicKeyAlgorithmTags.EDDSA_LEGACY && keyAlgorithm != PublicKeyAlgorithmTags.Ed25519) {
      return other;
    }
    return publicKey -> {
      AsymmetricKeyParameter key = keys.getPublicKey(publicKey);
      if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
        return other.build(publicKey); // legacy EdDSA over Ed448: no Ed25519 rule to apply
      }
      return new Verifier(ed25519.getEncoded(), digests.get(hashAlgorithm), keyAlgorithm, publicKey);
    };
  }

  /** Hashes what is written to it; {@link #verify} checks the signature of that hash. */
  private static final class Verifier implements PGPContentVerifier {
    private final byte[] publicKey;
    private final PGPDigestCalculator digest;
    private final int keyAlgorithm;
    private final PGPPublicKey key;

    Verifier(byte[] publicKey, PGPDigestCalculator digest, int keyAlgorithm, PGPPublicKey key) {
      this.publicKey = publicKey;
      this.digest = digest;
      this.keyAlgorithm = keyAlgorithm;
      this.key = key;
    }

    @Override
    public OutputStream getOutputStream() {
      return digest.getOutputStream();
    }

    @Override
    public int getHashAlgorithm() {
      return digest.getAlgorithm();
    }

    @Override
    public int getKeyAlgorithm() {
      return keyAlgorithm;
    }

    @Override
    public long getKeyID() {
      return key.getKeyID();
    }

    /** {@code expected} is R || S, as BouncyCastle assembles it from the signature packet. */
    @Override
    public boolean verify(byte[] expected) {
      return Ed25519.verify(publicKey, digest.getDigest(), expected);
    }
  }
}

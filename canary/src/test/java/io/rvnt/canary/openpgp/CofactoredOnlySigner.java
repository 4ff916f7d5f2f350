package io.rvnt.canary.openpgp;

import io.rvnt.protocol.crypto.TorsionSignatures;
import java.io.OutputStream;
import java.util.Date;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPContentSigner;
import org.bouncycastle.openpgp.operator.PGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyConverter;

/**
 * Signs like {@link CanarySigner#detached}, but the EdDSA signature of the hash holds only under the cofactored
 * Ed25519 equation: {@code R + T} with T of order 8 (see {@link TorsionSignatures}). A lax verifier, BouncyCastle's
 * own included, accepts it; gpg and the project's rule (docs/identity-protocol.md §4) refuse it.
 */
final class CofactoredOnlySigner implements PGPContentSignerBuilder {
  private CofactoredOnlySigner() {}

  /** The armored detached signature over {@code text}, made at {@code signedAtMillis}. */
  static byte[] detached(UnlockedKey key, byte[] text, long signedAtMillis) throws PGPException {
    PGPSignatureGenerator generator = new PGPSignatureGenerator(new CofactoredOnlySigner(), key.publicKey());
    generator.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, new Date(signedAtMillis / 1000 * 1000));
    hashed.setIssuerFingerprint(false, key.publicKey());
    generator.setHashedSubpackets(hashed.generate());
    generator.update(text);
    PGPSignature signature = generator.generate();
    return OpenPgp.armor(out -> signature.encode(out, true));
  }

  @Override
  public PGPContentSigner build(int signatureType, PGPPrivateKey privateKey) throws PGPException {
    byte[] seed = ((Ed25519PrivateKeyParameters) new BcPGPKeyConverter().getPrivateKey(privateKey)).getEncoded();
    PGPDigestCalculator digest = new BcPGPDigestCalculatorProvider().get(OpenPgp.SIGNATURE_HASH);
    return new PGPContentSigner() {
      private byte[] hash;

      @Override
      public OutputStream getOutputStream() {
        return digest.getOutputStream();
      }

      @Override
      public byte[] getDigest() {
        if (hash == null) {
          hash = digest.getDigest();
        }
        return hash;
      }

      @Override
      public byte[] getSignature() {
        // EdDSA in OpenPGP signs the hash: the Ed25519 message is the digest itself.
        return TorsionSignatures.cofactoredOnly(seed, getDigest());
      }

      @Override
      public int getType() {
        return signatureType;
      }

      @Override
      public int getHashAlgorithm() {
        return OpenPgp.SIGNATURE_HASH;
      }

      @Override
      public int getKeyAlgorithm() {
        return privateKey.getPublicKeyPacket().getAlgorithm();
      }

      @Override
      public long getKeyID() {
        return privateKey.getKeyID();
      }
    };
  }
}

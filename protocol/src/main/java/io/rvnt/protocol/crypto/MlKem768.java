package io.rvnt.protocol.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * ML-KEM-768 (FIPS 203) for the PQ prekey (spec §4), on BouncyCastle's lightweight API. Public keys are the
 * 1184-byte encapsulation key {@code ek}; private keys are kept as the 64-byte seed {@code d || z} of FIPS 203
 * §6.1, from which the key pair is derived again.
 */
public final class MlKem768 {
  public static final int PUBLIC_KEY_BYTES = 1184;
  public static final int SEED_BYTES = 64;

  /** FIPS 203: k = 3 for ML-KEM-768, q = 3329, 256 coefficients of 12 bits per polynomial. */
  private static final int K = 3;
  private static final int Q = 3329;
  private static final int ENCODED_T_BYTES = K * 384;

  private MlKem768() {}

  /** A PQ prekey pair: the 64-byte seed (the private key) and the 1184-byte encapsulation key. */
  public static final class KeyPair extends KeyPairBytes {
    public KeyPair(byte[] privateKey, byte[] publicKey) {
      super("MlKem768.KeyPair", privateKey, publicKey);
    }

    public byte[] privateKey() {
      return privateKeyCopy();
    }
  }

  /**
   * The length and the FIPS 203 §7.2 modulus check: every 12-bit coefficient of the encoded vector {@code t} must
   * be below q = 3329, that is, {@code ByteEncode12(ByteDecode12(t)) == t}.
   */
  public static boolean isValidPublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
      return false;
    }
    for (int i = 0; i < ENCODED_T_BYTES; i += 3) {
      int b0 = publicKey[i] & 0xff;
      int b1 = publicKey[i + 1] & 0xff;
      int b2 = publicKey[i + 2] & 0xff;
      int c0 = b0 | (b1 & 0x0f) << 8;
      int c1 = b1 >>> 4 | b2 << 4;
      if (c0 >= Q || c1 >= Q) {
        return false;
      }
    }
    return true;
  }

  public static KeyPair generate(SecureRandom random) {
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    MLKEMPrivateKeyParameters privateKey = (MLKEMPrivateKeyParameters) pair.getPrivate();
    MLKEMPublicKeyParameters publicKey = (MLKEMPublicKeyParameters) pair.getPublic();
    return new KeyPair(privateKey.getSeed(), publicKey.getEncoded());
  }

  /** Derives the key pair again from its 64-byte seed (FIPS 203 ML-KEM.KeyGen_internal). */
  public static KeyPair fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an ML-KEM-768 seed is " + SEED_BYTES + " bytes");
    }
    MLKEMPrivateKeyParameters privateKey = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
    return new KeyPair(seed, privateKey.getPublicKey());
  }
}

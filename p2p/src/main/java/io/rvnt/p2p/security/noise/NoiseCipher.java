package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.core.P2pException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for ChaChaPoly (Noise spec, sections 5.1 and 12.3): a 32-byte key and a 64-bit counter
 * nonce, encoded as 4 zero bytes then the counter little-endian. The AEAD comes from {@link ChaChaPoly}: Conscrypt
 * where it loads, the JDK's otherwise (itself about half as fast again as BouncyCastle's on JDK 17). Encrypts and
 * decrypts in place. One direction of one connection; not thread-safe.
 */
final class NoiseCipher {

  static final int TAG = 16;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  NoiseCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.cipher = ChaChaPoly.newCipher();
  }

  /** Encrypts {@code length} bytes at {@code offset} in place; the tag follows them. Returns length + 16. */
  int encrypt(byte[] ad, byte[] buf, int offset, int length) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      if (ad != null) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(buf, offset, length, buf, offset);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("encryption with a fresh nonce cannot fail", e);
    }
  }

  /** Decrypts {@code length} bytes (ciphertext and tag) at {@code offset} in place. Returns length - 16. */
  int decrypt(byte[] ad, byte[] buf, int offset, int length) {
    if (length < TAG) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: ciphertext shorter than its tag");
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      if (ad != null) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(buf, offset, length, buf, offset);
    } catch (AEADBadTagException e) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message failed authentication");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("decryption fails only on the tag", e);
    }
  }

  private IvParameterSpec nextNonce() {
    // 2^64 - 1 is reserved; a connection would need 2^64 frames to reach it, which no link carries.
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    return new IvParameterSpec(nonceBytes);
  }
}

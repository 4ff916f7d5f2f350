package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.core.P2pException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for ChaChaPoly (Noise spec, sections 5.1 and 12.3): a 32-byte key and a 64-bit counter
 * nonce, encoded as 4 zero bytes then the counter little-endian. The AEAD comes from {@link ChaChaPoly}: Conscrypt
 * where it loads, the JDK's otherwise (itself about half as fast again as BouncyCastle's on JDK 17). Encrypts and
 * decrypts in place. One direction of one connection; not thread-safe.
 *
 * <p>A native AEAD (Conscrypt) never sees the caller's array: its JNI layer copies the whole Java array in and, when
 * done, the whole array back out, and a frame's array is a pooled chunk that other buffers share, written meanwhile
 * by other threads (other connections' event loops, a relay's workers). Handing it that chunk silently overwrote
 * their bytes with the stale copy: frames that authenticated yet carried another moment's bytes, and connections
 * lost to failed tags. It works on this cipher's own array instead, copied in and out.
 */
final class NoiseCipher {

  static final int TAG = 16;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final boolean isolate;
  private final byte[] nonceBytes = new byte[12];
  private byte[] scratch = new byte[0];
  private long nonce;

  NoiseCipher(byte[] key) {
    this(key, ChaChaPoly.provider());
  }

  /** @param nativeProvider a native ChaCha20-Poly1305 provider, or null for the JDK's */
  NoiseCipher(byte[] key, Provider nativeProvider) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.cipher = ChaChaPoly.newCipher(nativeProvider);
    this.isolate = nativeProvider != null;
  }

  /** Encrypts {@code length} bytes at {@code offset} in place; the tag follows them. Returns length + 16. */
  int encrypt(byte[] ad, byte[] buf, int offset, int length) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      if (ad != null) {
        cipher.updateAAD(ad);
      }
      return doFinal(buf, offset, length);
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
      return doFinal(buf, offset, length);
    } catch (AEADBadTagException e) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message failed authentication");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("decryption fails only on the tag", e);
    }
  }

  /** In place; through {@link #scratch} for a native AEAD (see the class comment). */
  private int doFinal(byte[] buf, int offset, int length) throws GeneralSecurityException {
    if (!isolate) {
      return cipher.doFinal(buf, offset, length, buf, offset);
    }
    if (scratch.length < length + TAG) {
      scratch = new byte[length + TAG];
    }
    System.arraycopy(buf, offset, scratch, 0, length);
    int out = cipher.doFinal(scratch, 0, length, scratch, 0);
    System.arraycopy(scratch, 0, buf, offset, out);
    return out;
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

package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.core.P2pException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A Noise CipherState for ChaChaPoly (Noise spec, sections 5.1 and 12.3): a 32-byte key and a 64-bit counter
 * nonce, encoded as 4 zero bytes then the counter little-endian. Encrypts and decrypts in place. One direction of
 * one connection; not thread-safe.
 */
final class NoiseCipher {

  static final int TAG = 16;

  private final KeyParameter key;
  private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  NoiseCipher(byte[] key) {
    this.key = new KeyParameter(key);
  }

  /** Encrypts {@code length} bytes at {@code offset} in place; the tag follows them. Returns length + 16. */
  int encrypt(byte[] ad, byte[] buf, int offset, int length) {
    aead.init(true, new AEADParameters(key, TAG * 8, nextNonce(), ad));
    int n = aead.processBytes(buf, offset, length, buf, offset);
    try {
      return n + aead.doFinal(buf, offset + n);
    } catch (InvalidCipherTextException e) {
      throw new AssertionError("encryption does not check tags", e);
    }
  }

  /** Decrypts {@code length} bytes (ciphertext and tag) at {@code offset} in place. Returns length - 16. */
  int decrypt(byte[] ad, byte[] buf, int offset, int length) {
    if (length < TAG) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: ciphertext shorter than its tag");
    }
    aead.init(false, new AEADParameters(key, TAG * 8, nextNonce(), ad));
    int n = aead.processBytes(buf, offset, length, buf, offset);
    try {
      return n + aead.doFinal(buf, offset + n);
    } catch (InvalidCipherTextException e) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message failed authentication");
    }
  }

  private byte[] nextNonce() {
    // 2^64 - 1 is reserved; a connection would need 2^64 frames to reach it, which no link carries.
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    return nonceBytes;
  }
}

package io.rvnt.p2p.security.noise;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.P2pException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for ChaChaPoly (Noise spec, sections 5.1 and 12.3): a 32-byte key and a 64-bit counter
 * nonce, encoded as 4 zero bytes then the counter little-endian. The AEAD comes from {@link ChaChaPoly}: Conscrypt
 * where it loads, the JDK's otherwise (itself about half as fast again as BouncyCastle's on JDK 17). Encrypts and
 * decrypts in place: in an array only the caller holds (handshake messages), or in a Netty buffer of the kind
 * {@link ChaChaPoly#directBuffers()} names (transport frames, whose pooled memory is shared). One direction of one
 * connection; not thread-safe.
 */
final class NoiseCipher {

  static final int TAG = 16;

  private final ChaChaPoly aead;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  NoiseCipher(byte[] key, ChaChaPoly aead) {
    this.aead = aead;
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.cipher = aead.newCipher();
  }

  ChaChaPoly aead() {
    return aead;
  }

  /**
   * Encrypts {@code length} bytes at {@code offset} in place in an array no other thread touches; the tag follows
   * them. Returns length + 16.
   */
  int encrypt(byte[] ad, byte[] buf, int offset, int length) {
    init(Cipher.ENCRYPT_MODE, ad);
    try {
      return cipher.doFinal(buf, offset, length, buf, offset);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("encryption with a fresh nonce cannot fail", e);
    }
  }

  /**
   * Encrypts {@code length} bytes at {@code index} of {@code buf} in place, its capacity holding the tag after them
   * (indices, not reader or writer index, are used). Returns length + 16.
   */
  int encrypt(ByteBuf buf, int index, int length) {
    init(Cipher.ENCRYPT_MODE, null);
    try {
      return cipher.doFinal(buf.nioBuffer(index, length), buf.nioBuffer(index, length + TAG));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("encryption with a fresh nonce cannot fail", e);
    }
  }

  /**
   * Decrypts {@code length} bytes (ciphertext and tag) at {@code offset} in place in an array no other thread
   * touches. Returns length - 16.
   */
  int decrypt(byte[] ad, byte[] buf, int offset, int length) {
    requireTag(length);
    init(Cipher.DECRYPT_MODE, ad);
    try {
      return cipher.doFinal(buf, offset, length, buf, offset);
    } catch (AEADBadTagException e) {
      throw failedAuthentication();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("decryption fails only on the tag", e);
    }
  }

  /** Decrypts {@code length} bytes (ciphertext and tag) at {@code index} of {@code buf} in place. Returns length - 16. */
  int decrypt(ByteBuf buf, int index, int length) {
    requireTag(length);
    init(Cipher.DECRYPT_MODE, null);
    try {
      return cipher.doFinal(buf.nioBuffer(index, length), buf.nioBuffer(index, length));
    } catch (AEADBadTagException e) {
      throw failedAuthentication();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("decryption fails only on the tag", e);
    }
  }

  private static void requireTag(int length) {
    if (length < TAG) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: ciphertext shorter than its tag");
    }
  }

  private static P2pException failedAuthentication() {
    return new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message failed authentication");
  }

  private void init(int mode, byte[] ad) {
    try {
      cipher.init(mode, key, nextNonce());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("a 32-byte key and a fresh 12-byte nonce are always accepted", e);
    }
    if (ad != null) {
      cipher.updateAAD(ad);
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

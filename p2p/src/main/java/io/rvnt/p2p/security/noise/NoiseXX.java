package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The handshake state of {@code Noise_XX_25519_ChaChaPoly_SHA256} with an empty prologue (Noise spec, sections 5
 * and 7.5: {@code -> e}, {@code <- e, ee, s, es}, {@code -> s, se}). X25519 from BouncyCastle, SHA-256 and HMAC from
 * the JDK. One handshake; not thread-safe.
 */
final class NoiseXX {

  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
  static final int DH_LEN = 32;

  private final boolean initiator;
  private final ChaChaPoly aead;
  private final X25519PrivateKeyParameters s;
  private final SecureRandom random;
  private final MessageDigest sha256;
  private final Mac hmac;
  private byte[] ck;
  private byte[] h;
  private NoiseCipher cipher;
  private X25519PrivateKeyParameters e;
  private byte[] re;
  private byte[] rs;
  private int message;

  NoiseXX(boolean initiator, X25519PrivateKeyParameters s, SecureRandom random, ChaChaPoly aead) {
    this.initiator = initiator;
    this.aead = aead;
    this.s = s;
    this.random = random;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.hmac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException ex) {
      throw new AssertionError("every JDK has SHA-256 and HMAC-SHA256", ex);
    }
    // The name is exactly HASHLEN (32) bytes, so h starts as the name itself (section 5.2, InitializeSymmetric).
    h = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    ck = h.clone();
    mixHash(new byte[0]); // the empty prologue
  }

  /** True when it is this side's turn to write. */
  boolean isMyTurn() {
    return !isComplete() && (message % 2 == 0) == initiator;
  }

  boolean isComplete() {
    return message == 3;
  }

  /** The remote's static public key, once received. */
  byte[] remoteStatic() {
    return rs.clone();
  }

  byte[] writeMessage(byte[] payload) {
    requireTurn(true);
    byte[] out;
    switch (message) {
      case 0 -> {
        e = new X25519PrivateKeyParameters(random);
        byte[] ePub = e.generatePublicKey().getEncoded();
        mixHash(ePub);
        out = concat(ePub, encryptAndHash(payload));
      }
      case 1 -> {
        e = new X25519PrivateKeyParameters(random);
        byte[] ePub = e.generatePublicKey().getEncoded();
        mixHash(ePub);
        mixKey(dh(e, re));
        byte[] sEnc = encryptAndHash(s.generatePublicKey().getEncoded());
        mixKey(dh(s, re));
        out = concat(concat(ePub, sEnc), encryptAndHash(payload));
      }
      default -> {
        byte[] sEnc = encryptAndHash(s.generatePublicKey().getEncoded());
        mixKey(dh(s, re));
        out = concat(sEnc, encryptAndHash(payload));
      }
    }
    message++;
    return out;
  }

  /** Processes the remote's next message; returns its payload. */
  byte[] readMessage(byte[] in) {
    requireTurn(false);
    byte[] payload;
    switch (message) {
      case 0 -> {
        requireLength(in, DH_LEN);
        re = Arrays.copyOfRange(in, 0, DH_LEN);
        mixHash(re);
        payload = decryptAndHash(Arrays.copyOfRange(in, DH_LEN, in.length));
      }
      case 1 -> {
        requireLength(in, DH_LEN + DH_LEN + NoiseCipher.TAG + NoiseCipher.TAG);
        re = Arrays.copyOfRange(in, 0, DH_LEN);
        mixHash(re);
        mixKey(dh(e, re));
        rs = decryptAndHash(Arrays.copyOfRange(in, DH_LEN, 2 * DH_LEN + NoiseCipher.TAG));
        mixKey(dh(e, rs));
        payload = decryptAndHash(Arrays.copyOfRange(in, 2 * DH_LEN + NoiseCipher.TAG, in.length));
      }
      default -> {
        requireLength(in, DH_LEN + NoiseCipher.TAG + NoiseCipher.TAG);
        rs = decryptAndHash(Arrays.copyOfRange(in, 0, DH_LEN + NoiseCipher.TAG));
        mixKey(dh(e, rs));
        payload = decryptAndHash(Arrays.copyOfRange(in, DH_LEN + NoiseCipher.TAG, in.length));
      }
    }
    message++;
    return payload;
  }

  /** Section 5.2, Split: returns {sender, receiver} for this side. */
  NoiseCipher[] split() {
    if (!isComplete()) {
      throw new IllegalStateException("handshake not complete");
    }
    byte[][] keys = hkdf(ck, new byte[0]);
    NoiseCipher c1 = new NoiseCipher(keys[0], aead);
    NoiseCipher c2 = new NoiseCipher(keys[1], aead);
    return initiator ? new NoiseCipher[] {c1, c2} : new NoiseCipher[] {c2, c1};
  }

  private void requireTurn(boolean write) {
    if (isComplete() || isMyTurn() != write) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message out of turn");
    }
  }

  private static void requireLength(byte[] in, int min) {
    if (in.length < min) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: handshake message too short");
    }
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] out;
    if (cipher == null) {
      out = plaintext.clone();
    } else {
      out = Arrays.copyOf(plaintext, plaintext.length + NoiseCipher.TAG);
      cipher.encrypt(h, out, 0, plaintext.length);
    }
    mixHash(out);
    return out;
  }

  private byte[] decryptAndHash(byte[] ciphertext) {
    byte[] out;
    if (cipher == null) {
      out = ciphertext.clone();
    } else {
      byte[] buf = ciphertext.clone();
      int n = cipher.decrypt(h, buf, 0, buf.length);
      out = Arrays.copyOf(buf, n);
    }
    mixHash(ciphertext);
    return out;
  }

  private void mixHash(byte[] data) {
    sha256.update(h);
    sha256.update(data);
    h = sha256.digest();
  }

  private void mixKey(byte[] ikm) {
    byte[][] keys = hkdf(ck, ikm);
    ck = keys[0];
    cipher = new NoiseCipher(keys[1], aead);
  }

  /** Section 4.3, HKDF with two outputs. */
  private byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] tempKey = hmac(chainingKey, ikm);
    byte[] out1 = hmac(tempKey, new byte[] {1});
    byte[] out2 = hmac(tempKey, concat(out1, new byte[] {2}));
    return new byte[][] {out1, out2};
  }

  private byte[] hmac(byte[] key, byte[] data) {
    try {
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      return hmac.doFinal(data);
    } catch (GeneralSecurityException ex) {
      throw new AssertionError("HMAC-SHA256 accepts 32-byte keys", ex);
    }
  }

  private static byte[] dh(X25519PrivateKeyParameters local, byte[] remotePublic) {
    byte[] out = new byte[DH_LEN];
    try {
      local.generateSecret(new X25519PublicKeyParameters(remotePublic, 0), out, 0);
    } catch (IllegalStateException ex) {
      // BouncyCastle refuses a low-order point (all-zero result): a peer sending one is not doing Noise.
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: unusable public key", ex);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

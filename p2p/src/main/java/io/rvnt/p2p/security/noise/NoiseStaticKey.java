package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.crypto.PrivKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A host's X25519 Noise static key, made once per host (as js-libp2p does) so a handshake costs no static key
 * generation, and the host's signature over it, made once too (a handshake cost an Ed25519 signature before, always
 * over the same bytes). Thread-safe.
 */
public final class NoiseStaticKey {

  /** Signed together with the static key (libp2p-noise spec, "Static Key Authentication"). */
  static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

  private final X25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;
  // The last identity that signed this key and its signature: a transport has one identity, so this is set once.
  private volatile Signed signed;

  private record Signed(PrivKey identity, byte[] signature) {}

  private NoiseStaticKey(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  public static NoiseStaticKey generate(SecureRandom random) {
    return new NoiseStaticKey(new X25519PrivateKeyParameters(random));
  }

  X25519PrivateKeyParameters privateKey() {
    return privateKey;
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@code identity}'s signature over {@code "noise-libp2p-static-key:"} + this key, made on first use. */
  byte[] signatureBy(PrivKey identity) {
    Signed current = signed;
    if (current == null || current.identity() != identity) {
      current = new Signed(identity, identity.sign(signedMessage(publicKey)));
      signed = current;
    }
    return current.signature().clone();
  }

  /** What a static key's owner signs: the prefix, then the 32-byte X25519 public key. */
  static byte[] signedMessage(byte[] staticPublicKey) {
    byte[] message = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + staticPublicKey.length);
    System.arraycopy(staticPublicKey, 0, message, SIGNATURE_PREFIX.length, staticPublicKey.length);
    return message;
  }
}

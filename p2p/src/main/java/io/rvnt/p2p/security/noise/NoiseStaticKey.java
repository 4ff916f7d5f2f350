package io.rvnt.p2p.security.noise;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A host's X25519 Noise static key, made once per host (as js-libp2p does) so a handshake costs no static key
 * generation. Immutable and thread-safe.
 */
public final class NoiseStaticKey {

  private final X25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

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
}

package io.rvnt.p2p.security.noise;

import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.Noise;
import java.security.NoSuchAlgorithmException;

/**
 * A host's X25519 Noise static key, made once per host (as js-libp2p does) so a handshake costs no key generation.
 * Thread-safe: handshakes copy it.
 */
public final class NoiseStaticKey {

  private final DHState keyPair;

  private NoiseStaticKey(DHState keyPair) {
    this.keyPair = keyPair;
  }

  public static NoiseStaticKey generate() {
    try {
      DHState dh = Noise.createDH("25519");
      dh.generateKeyPair();
      return new NoiseStaticKey(dh);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("noise-java always has 25519", e);
    }
  }

  synchronized DHState keyPair() {
    return keyPair;
  }

  synchronized byte[] publicKey() {
    byte[] out = new byte[keyPair.getPublicKeyLength()];
    keyPair.getPublicKey(out, 0);
    return out;
  }
}

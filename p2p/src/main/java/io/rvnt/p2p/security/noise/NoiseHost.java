package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.crypto.VerifiedBytes;
import java.security.SecureRandom;

/**
 * What every Noise handshake of one host shares: its identity, its static key (signed once), the cipher, the random
 * source of its ephemeral keys, and the remote payloads that verified (bounded).
 */
public record NoiseHost(PrivKey identity, NoiseStaticKey staticKey, ChaChaPoly aead, SecureRandom random,
    VerifiedBytes<PeerId> verifiedRemotes) {

  /**
   * A host with a new static key.
   *
   * @param verifiedRemotes how many verified remote payloads are remembered; 0 verifies every handshake in full
   */
  public static NoiseHost create(PrivKey identity, ChaChaPoly aead, SecureRandom random, int verifiedRemotes) {
    return new NoiseHost(identity, NoiseStaticKey.generate(random), aead, random,
        new VerifiedBytes<>(verifiedRemotes));
  }
}

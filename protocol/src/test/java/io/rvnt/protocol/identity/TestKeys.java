package io.rvnt.protocol.identity;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Valid keys and signatures for tests, from a seeded (hence repeatable) generator. */
final class TestKeys {
  final SecureRandom random;
  final Ed25519.KeyPair identity;
  final X25519.KeyPair signedPreKeyPair;
  final MlKem768.KeyPair pqPreKeyPair;

  TestKeys(long seed) {
    try {
      random = SecureRandom.getInstance("SHA1PRNG");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    random.setSeed(seed);
    identity = Ed25519.generate(random);
    signedPreKeyPair = X25519.generate(random);
    pqPreKeyPair = MlKem768.generate(random);
  }

  byte[] identityKey() {
    return identity.publicKey();
  }

  SignedPreKey signedPreKey(int id) {
    return SignedPreKey.sign(identity, id, signedPreKeyPair.publicKey());
  }

  PqPreKey pqPreKey(int id) {
    return PqPreKey.sign(identity, id, pqPreKeyPair.publicKey());
  }

  List<OneTimePreKey> oneTimePreKeys(int firstId, int count) {
    List<OneTimePreKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(new OneTimePreKey(firstId + i, X25519.generate(random).publicKey()));
    }
    return keys;
  }

  Registration registration(String username, int oneTimePreKeys) {
    return new Registration(username, identityKey(), signedPreKey(1), pqPreKey(1), oneTimePreKeys(1, oneTimePreKeys));
  }

  /** The same signed-prekey signature scheme, applied to arbitrary bytes, for tampering tests. */
  byte[] sign(byte[] message) {
    return Ed25519.sign(identity.seed(), message);
  }
}

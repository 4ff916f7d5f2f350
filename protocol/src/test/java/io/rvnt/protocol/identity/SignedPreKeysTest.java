package io.rvnt.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** {@link SignedPreKey#sign} and {@link PqPreKey#sign}: each signs its own spec §4 bytes, and only those. */
class SignedPreKeysTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519.KeyPair identity = Ed25519.generate(random);

  @Test
  void aSignedPreKeyIsSignedOverTheSignedPreKeyBytesOfItsIdAndKey() {
    byte[] publicKey = X25519.generate(random).publicKey();
    SignedPreKey key = SignedPreKey.sign(identity, 7, publicKey);
    assertThat(key.id()).isEqualTo(7);
    assertThat(key.publicKey()).isEqualTo(publicKey);
    assertThat(Ed25519.verify(identity.publicKey(), SignedBytes.signedPreKey(7, publicKey), key.signature()))
        .as("verifies over the signed-prekey bytes").isTrue();
    assertThat(Ed25519.verify(identity.publicKey(), SignedBytes.pqPreKey(7, publicKey), key.signature()))
        .as("never over the PQ prekey bytes").isFalse();
  }

  @Test
  void aPqPreKeyIsSignedOverThePqPreKeyBytesOfItsIdAndKey() {
    byte[] publicKey = MlKem768.generate(random).publicKey();
    PqPreKey key = PqPreKey.sign(identity, 8, publicKey);
    assertThat(key.id()).isEqualTo(8);
    assertThat(key.publicKey()).isEqualTo(publicKey);
    assertThat(Ed25519.verify(identity.publicKey(), SignedBytes.pqPreKey(8, publicKey), key.signature()))
        .as("verifies over the PQ prekey bytes").isTrue();
    assertThat(Ed25519.verify(identity.publicKey(), SignedBytes.signedPreKey(8, publicKey), key.signature()))
        .as("never over the signed-prekey bytes").isFalse();
  }
}

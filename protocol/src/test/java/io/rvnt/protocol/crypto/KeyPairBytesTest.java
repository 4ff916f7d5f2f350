package io.rvnt.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The value rules every algorithm's key pair shares through {@link KeyPairBytes}. */
class KeyPairBytesTest {
  private static final byte[] PRIVATE = HexFormat.of().parseHex(
      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

  @Test
  void aKeyPairCannotBeChangedThroughTheArraysItWasMadeFromOrHandsOut() {
    byte[] privateKey = PRIVATE.clone();
    X25519.KeyPair pair = X25519.fromPrivateKey(privateKey);
    byte[] publicKey = pair.publicKey();
    privateKey[0] ^= 1;
    pair.privateKey()[0] ^= 1;
    pair.publicKey()[0] ^= 1;
    assertThat(pair.privateKey()).as("the private key stays as made").isEqualTo(PRIVATE);
    assertThat(pair.publicKey()).as("the public key stays as made").isEqualTo(publicKey);
  }

  @Test
  void pairsOfTheSameBytesAreEqualOnlyWithinOneAlgorithm() {
    X25519.KeyPair x25519 = X25519.fromPrivateKey(PRIVATE);
    Ed25519.KeyPair ed25519 = new Ed25519.KeyPair(x25519.privateKey(), x25519.publicKey());
    assertThat(X25519.fromPrivateKey(PRIVATE)).as("same algorithm, same bytes").isEqualTo(x25519)
        .hasSameHashCodeAs(x25519);
    assertThat((Object) ed25519).as("same bytes, another algorithm").isNotEqualTo(x25519);
  }

  @Test
  void neverPrintsThePrivateKey() {
    X25519.KeyPair pair = X25519.fromPrivateKey(PRIVATE);
    assertThat(pair.toString()).as("X25519 pairs show the public key's length")
        .isEqualTo("X25519.KeyPair[publicKey=32 bytes]")
        .doesNotContain(HexFormat.of().formatHex(PRIVATE));
    Ed25519.KeyPair identity = Ed25519.fromSeed(PRIVATE);
    assertThat(identity.toString()).as("Ed25519 pairs show the fingerprint")
        .isEqualTo("Ed25519.KeyPair[publicKey=" + Fingerprints.of(identity.publicKey()) + "]");
  }
}

package io.rvnt.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * libp2p key messages (FUZZING.md): from peers (public keys in identify, Noise, TLS) and from the operator's key
 * file (private keys). A typed {@link CryptoException}, or a key whose deterministic encoding (peer-ids spec) is the
 * input itself.
 */
class KeysFuzzTest {

  @FuzzTest
  void publicKeyIsTypedErrorOrTheSameBytes(byte[] message) {
    PubKey key;
    try {
      key = Keys.unmarshalPublicKey(message);
    } catch (CryptoException expected) {
      return;
    }
    assertThat(key.bytes()).as("the peer-ids spec allows one encoding of a key").isEqualTo(message);
  }

  @FuzzTest
  void privateKeyIsTypedErrorOrSignsForItsPublicKey(byte[] message) {
    PrivKey key;
    try {
      key = Keys.unmarshalPrivateKey(message);
    } catch (CryptoException expected) {
      return;
    }
    byte[] signature = key.sign(message);
    assertThat(key.publicKey().verify(message, signature)).as("a private key signs for its public key").isTrue();
    assertThat(Keys.unmarshalPrivateKey(key.bytes()).publicKey().raw()).isEqualTo(key.publicKey().raw());
  }
}

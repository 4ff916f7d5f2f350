package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.crypto.KeyType;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.crypto.PubKey;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The host's signature over its Noise static key: made once, valid for every handshake. */
class NoiseStaticKeyTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void signsTheStaticKeyOnceForEveryHandshakeAndTheSignatureVerifies() {
    PrivKey identity = Keys.generateEd25519(RANDOM);
    AtomicInteger signatures = new AtomicInteger();
    PrivKey counting = new PrivKey() {
      @Override
      public KeyType type() {
        return identity.type();
      }

      @Override
      public PubKey publicKey() {
        return identity.publicKey();
      }

      @Override
      public byte[] sign(byte[] data) {
        signatures.incrementAndGet();
        return identity.sign(data);
      }

      @Override
      public byte[] bytes() {
        return identity.bytes();
      }
    };
    NoiseStaticKey key = NoiseStaticKey.generate(RANDOM);

    byte[] first = key.signatureBy(counting);
    byte[] second = key.signatureBy(counting);
    first[0] ^= 1;

    assertThat(signatures.get()).as("one signature serves every handshake of the transport").isEqualTo(1);
    assertThat(identity.publicKey().verify(NoiseStaticKey.signedMessage(key.publicKey()), second))
        .as("it signs \"noise-libp2p-static-key:\" + the static key, and a caller's change does not stick").isTrue();
  }

  @Test
  void anotherIdentitySignsAfresh() {
    NoiseStaticKey key = NoiseStaticKey.generate(RANDOM);
    PrivKey a = Keys.generateEd25519(RANDOM);
    PrivKey b = Keys.generateEd25519(RANDOM);
    key.signatureBy(a);

    assertThat(b.publicKey().verify(NoiseStaticKey.signedMessage(key.publicKey()), key.signatureBy(b)))
        .as("the signature is always the asking identity's").isTrue();
  }
}

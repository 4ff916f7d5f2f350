package io.rvnt.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.protocol.crypto.Edwards25519;
import io.rvnt.protocol.crypto.TorsionSignatures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** libp2p Ed25519 keys follow the project's one verification rule (docs/identity-protocol.md §4). */
class Ed25519PubKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DATA = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

  @Test
  void refusesASignatureThatHoldsOnlyUnderTheCofactoredEquation() {
    CofactoredOnlyKey key = new CofactoredOnlyKey(RANDOM);
    assertThat(key.publicKey().verify(DATA, key.signHonestly(DATA))).as("the honest signature").isTrue();
    assertThat(key.publicKey().verify(DATA, key.sign(DATA)))
        .as("R + T of order 8: the cofactorless equation fails").isFalse();
  }

  @Test
  void refusesKeysOutsideThePrimeOrderSubgroupAsMalformed() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    byte[] mixedOrder = TorsionSignatures.underMixedOrderKey(seed, DATA).publicKey();
    byte[][] keys = {
      Edwards25519.NEUTRAL.encode(),
      Edwards25519.ORDER_EIGHT.encode(),
      mixedOrder,
      Edwards25519.littleEndian(Edwards25519.P.add(BigInteger.ONE)), // y = 1, spelled non-canonically
    };
    for (byte[] raw : keys) {
      assertThatThrownBy(() -> Ed25519PubKey.of(raw))
          .isInstanceOfSatisfying(CryptoException.class,
              e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_KEY));
    }
  }
}

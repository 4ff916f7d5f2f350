package io.rvnt.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MlKem768Test {
  private final MlKem768.KeyPair pair = MlKem768.generate(new SecureRandom());

  @Test
  void generatedKeysHaveTheFips203LengthsAndPassTheModulusCheck() {
    assertThat(pair.publicKey()).hasSize(MlKem768.PUBLIC_KEY_BYTES);
    assertThat(pair.privateKey()).as("the private key is kept as the seed d || z").hasSize(MlKem768.SEED_BYTES);
    assertThat(MlKem768.isValidPublicKey(pair.publicKey())).isTrue();
  }

  @Test
  void theSeedDerivesTheSameKeyPairAgain() {
    assertThat(MlKem768.fromSeed(pair.privateKey())).isEqualTo(pair);
  }

  @Test
  void refusesAFirstCoefficientEqualToQ() {
    byte[] key = pair.publicKey();
    key[0] = (byte) (3329 & 0xff);
    key[1] = (byte) ((key[1] & 0xf0) | (3329 >>> 8));
    assertThat(MlKem768.isValidPublicKey(key)).as("3329 is not reduced mod q").isFalse();
  }

  @Test
  void acceptsACoefficientOfQMinusOne() {
    byte[] key = pair.publicKey();
    key[0] = (byte) (3328 & 0xff);
    key[1] = (byte) ((key[1] & 0xf0) | (3328 >>> 8));
    assertThat(MlKem768.isValidPublicKey(key)).as("3328 is the largest reduced value").isTrue();
  }

  @Test
  void refusesAnUnreducedSecondCoefficientInTheLastTriple() {
    byte[] key = pair.publicKey();
    int last = 3 * 384 - 3; // last 3-byte group of t: its second coefficient is b1 >> 4 | b2 << 4
    key[last + 1] = (byte) (key[last + 1] | 0xf0);
    key[last + 2] = (byte) 0xff;
    assertThat(MlKem768.isValidPublicKey(key)).isFalse();
  }

  @Test
  void ignoresRhoInTheModulusCheck() {
    byte[] key = pair.publicKey();
    Arrays.fill(key, 3 * 384, key.length, (byte) 0xff);
    assertThat(MlKem768.isValidPublicKey(key)).as("the last 32 bytes are the seed rho, any value").isTrue();
  }

  @Test
  void refusesWrongLengthsAndNull() {
    assertThat(MlKem768.isValidPublicKey(null)).isFalse();
    assertThat(MlKem768.isValidPublicKey(Arrays.copyOf(pair.publicKey(), 1183))).isFalse();
    assertThat(MlKem768.isValidPublicKey(Arrays.copyOf(pair.publicKey(), 1185))).isFalse();
    assertThat(MlKem768.isValidPublicKey(new byte[800])).as("an ML-KEM-512 length").isFalse();
  }
}

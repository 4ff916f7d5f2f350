package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Noise's CipherState over each ChaCha20-Poly1305 of {@link ChaChaPoly}, against the JDK's Cipher as reference. */
class NoiseCipherTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key = new byte[32];
  private final byte[] ad = {1, 2, 3};

  NoiseCipherTest() {
    RANDOM.nextBytes(key);
  }

  /** Both implementations; Conscrypt must load on this project's platform (linux-x86_64). */
  static Stream<ChaChaPoly> aeads() {
    return Stream.of(ChaChaPoly.JDK, ChaChaPoly.conscrypt().orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void encryptsInPlaceWhatTheJdksCipherDecryptsNonceAfterNonce(ChaChaPoly aead) throws Exception {
    NoiseCipher sender = new NoiseCipher(key, aead);
    for (long nonce = 0; nonce < 3; nonce++) {
      byte[] plaintext = randomBytes(70_000);
      byte[] buf = Arrays.copyOf(plaintext, plaintext.length + NoiseCipher.TAG);

      int length = sender.encrypt(ad, buf, 0, plaintext.length);

      Cipher jdk = jdkCipher(Cipher.DECRYPT_MODE, nonce);
      assertThat(jdk.doFinal(buf, 0, length)).as("the JDK decrypts frame " + nonce + " to the plaintext")
          .isEqualTo(plaintext);
    }
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void decryptsInPlaceWhatTheJdksCipherEncrypted(ChaChaPoly aead) throws Exception {
    NoiseCipher receiver = new NoiseCipher(key, aead);
    byte[] plaintext = "a yamux frame".getBytes(StandardCharsets.UTF_8);
    byte[] buf = Arrays.copyOf(jdkCipher(Cipher.ENCRYPT_MODE, 0).doFinal(plaintext), plaintext.length + NoiseCipher.TAG);

    int length = receiver.decrypt(ad, buf, 0, buf.length);

    assertThat(Arrays.copyOf(buf, length)).as("decrypted in place to the JDK's plaintext").isEqualTo(plaintext);
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void refusesAFrameWithOneChangedByte(ChaChaPoly aead) throws Exception {
    NoiseCipher receiver = new NoiseCipher(key, aead);
    byte[] buf = jdkCipher(Cipher.ENCRYPT_MODE, 0).doFinal(randomBytes(100));
    buf[10] ^= 1;

    assertThatThrownBy(() -> receiver.decrypt(ad, buf, 0, buf.length))
        .as("a forged frame fails authentication")
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  private Cipher jdkCipher(int mode, long nonce) throws Exception {
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (nonce >>> (8 * i));
    }
    Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
    cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
    cipher.updateAAD(ad);
    return cipher;
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}

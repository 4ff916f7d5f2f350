package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Noise's CipherState over whichever ChaCha20-Poly1305 {@link ChaChaPoly} picked, against the JDK's as reference. */
class NoiseCipherTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key = new byte[32];
  private final byte[] ad = {1, 2, 3};

  NoiseCipherTest() {
    RANDOM.nextBytes(key);
  }

  @Test
  void usesTheJdksCipherUnlessConscryptIsAskedFor() {
    assertThat(ChaChaPoly.implementation())
        .as("Noise runs on the JDK's ChaCha20-Poly1305 unless -D%s=conscrypt", ChaChaPoly.PROPERTY)
        .isEqualTo("JDK");
  }

  @Test
  void encryptsInPlaceWhatTheJdksCipherDecryptsNonceAfterNonce() throws Exception {
    NoiseCipher sender = new NoiseCipher(key);
    for (long nonce = 0; nonce < 3; nonce++) {
      byte[] plaintext = randomBytes(70_000);
      byte[] buf = Arrays.copyOf(plaintext, plaintext.length + NoiseCipher.TAG);

      int length = sender.encrypt(ad, buf, 0, plaintext.length);

      Cipher jdk = jdkCipher(Cipher.DECRYPT_MODE, nonce);
      assertThat(jdk.doFinal(buf, 0, length)).as("the JDK decrypts frame " + nonce + " to the plaintext")
          .isEqualTo(plaintext);
    }
  }

  @Test
  void decryptsInPlaceWhatTheJdksCipherEncrypted() throws Exception {
    NoiseCipher receiver = new NoiseCipher(key);
    byte[] plaintext = "a yamux frame".getBytes(StandardCharsets.UTF_8);
    byte[] buf = Arrays.copyOf(jdkCipher(Cipher.ENCRYPT_MODE, 0).doFinal(plaintext), plaintext.length + NoiseCipher.TAG);

    int length = receiver.decrypt(ad, buf, 0, buf.length);

    assertThat(Arrays.copyOf(buf, length)).as("decrypted in place to the JDK's plaintext").isEqualTo(plaintext);
  }

  @Test
  void refusesAFrameWithOneChangedByte() throws Exception {
    NoiseCipher receiver = new NoiseCipher(key);
    byte[] buf = jdkCipher(Cipher.ENCRYPT_MODE, 0).doFinal(randomBytes(100));
    buf[10] ^= 1;

    assertThatThrownBy(() -> receiver.decrypt(ad, buf, 0, buf.length))
        .as("a forged frame fails authentication")
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  /**
   * Two connections' ciphers on two threads, each on its own region of one shared array, as frames of pooled buffers
   * are: each frame must come back as it went in. Conscrypt's JNI layer copies the whole array in and back out, so
   * handed the shared array each thread overwrote the other's region with stale bytes (about one frame in a hundred
   * here), which corrupted relay answers and broke HostTest's echo.
   */
  @Test
  void nativeCiphersOfTwoConnectionsSharingOneArrayLeaveEachOthersBytesAlone() throws Exception {
    Provider conscrypt = ChaChaPoly.loadConscrypt();
    assertThat(conscrypt).as("Conscrypt loads on this project's platform (linux-x86_64)").isNotNull();
    byte[] shared = new byte[256 * 1024];
    int region = shared.length / 2;
    int frame = 60_000;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> corrupted = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t * region;
        corrupted.add(threads.submit(() -> {
          byte[] connectionKey = randomBytes(32);
          NoiseCipher sender = new NoiseCipher(connectionKey, conscrypt);
          NoiseCipher receiver = new NoiseCipher(connectionKey, conscrypt);
          int bad = 0;
          byte[] plaintext = new byte[frame];
          for (int i = 0; i < 2_000; i++) {
            // Not the shared SecureRandom: its lock would take turns for the threads and hide the race.
            ThreadLocalRandom.current().nextBytes(plaintext);
            System.arraycopy(plaintext, 0, shared, offset, frame);
            try {
              int sealed = sender.encrypt(null, shared, offset, frame);
              int opened = receiver.decrypt(null, shared, offset, sealed);
              if (opened != frame || !Arrays.equals(shared, offset, offset + frame, plaintext, 0, frame)) {
                bad++;
              }
            } catch (P2pException e) {
              bad++; // the tag failed: the other thread's copy-back landed between seal and open
            }
          }
          return bad;
        }));
      }
      for (Future<Integer> f : corrupted) {
        assertThat(f.get(5, TimeUnit.MINUTES)).as("frames corrupted by the other connection's cipher").isZero();
      }
    } finally {
      threads.shutdownNow();
    }
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

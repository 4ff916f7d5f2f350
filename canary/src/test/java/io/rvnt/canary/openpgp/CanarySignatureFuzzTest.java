package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.canary.CanaryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The canary's signatures as a verifier downloads them (FUZZING.md), checked against a pinned test key committed
 * beside the corpus ({@code fuzz/canary-key.asc}, which signed the seeds over {@code fuzz/canary.txt}). Every input
 * gets a verdict, never an exception; a valid detached signature stops being valid when one byte of the text changes.
 */
class CanarySignatureFuzzTest {
  private static final int MAX_SIGNATURE_BYTES = 8 * 1024;
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;
  private static final CanaryPublicKey KEY = pinnedKey();
  private static final byte[] TEXT = resource("fuzz/canary.txt");

  @FuzzTest
  void detachedSignatureGetsAVerdictAndBindsTheExactText(byte[] signature) {
    SignatureCheck check = KEY.checkDetached(signature, TEXT, MAX_SIGNATURE_BYTES);
    assertThat(check.reason()).isNotNull();
    if (check.valid()) {
      byte[] changed = Arrays.copyOf(TEXT, TEXT.length);
      changed[changed.length / 2] ^= 1;
      assertThat(KEY.checkDetached(signature, changed, MAX_SIGNATURE_BYTES).status())
          .as("a valid signature covers every byte").isEqualTo(SignatureCheck.Status.BAD_SIGNATURE);
    }
  }

  @FuzzTest
  void clearSignedMessageGetsAVerdict(byte[] message) {
    ClearSignedCheck check = KEY.checkClearSigned(message, MAX_MESSAGE_BYTES);
    assertThat(check.signature().reason()).isNotNull();
    assertThat(check.text()).isNotNull();
    if (check.signature().valid()) {
      assertThat(check.text()).as("a valid message has its text").isNotEmpty();
    }
  }

  @FuzzTest
  void publicKeyIsTypedErrorOrHasAFingerprint(byte[] encoded) {
    CanaryPublicKey key;
    try {
      key = CanaryPublicKey.parse(encoded, CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);
    } catch (CanaryException expected) {
      assertThat(expected.reason()).isEqualTo(CanaryException.Reason.BAD_INPUT);
      return;
    }
    assertThat(key.fingerprint()).isNotNull();
    assertThat(key.userId()).isNotNull();
  }

  private static CanaryPublicKey pinnedKey() {
    try {
      return CanaryPublicKey.parse(resource("fuzz/canary-key.asc"), CanaryPublicKey.DEFAULT_MAX_KEY_BYTES);
    } catch (CanaryException e) {
      throw new AssertionError("the committed test key parses", e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = CanarySignatureFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

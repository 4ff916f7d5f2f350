package io.rvnt.canary.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.canary.CanaryException;

/**
 * {@code canary.txt} as a verifier downloads it (FUZZING.md): a typed {@link CanaryException} (BAD_INPUT), or a
 * document that renders to exactly the bytes read, since one document has one text.
 */
class CanaryTextFuzzTest {
  private static final CanaryText CODEC = CanaryText.withDefaultLimits();

  @FuzzTest
  void textIsTypedErrorOrRendersToTheSameBytes(byte[] bytes) throws CanaryException {
    CanaryDocument document;
    try {
      document = CODEC.parse(bytes);
    } catch (CanaryException expected) {
      assertThat(expected.reason()).isEqualTo(CanaryException.Reason.BAD_INPUT);
      return;
    }
    assertThat(CODEC.render(document)).as("one document has one text").isEqualTo(bytes);
  }
}

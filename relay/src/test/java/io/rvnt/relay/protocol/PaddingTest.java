package io.rvnt.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spec §4.4: the four sizes, and the reference layout inside them. */
class PaddingTest {

  @Test
  void contentGoesIntoTheSmallestSizeThatHoldsItAndItsLength() {
    assertThat(Padding.pad(new byte[0])).hasSize(1024);
    assertThat(Padding.pad(new byte[1020])).hasSize(1024);
    assertThat(Padding.pad(new byte[1021])).hasSize(4096);
    assertThat(Padding.pad(new byte[Padding.MAX_CONTENT_BYTES])).hasSize(65_536);
    assertThatThrownBy(() -> Padding.pad(new byte[Padding.MAX_CONTENT_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unpaddingReturnsTheContentOfAReferenceBlobOnly() {
    byte[] content = {1, 2, 3};
    assertThat(Padding.unpad(Padding.pad(content))).hasValue(content);
    byte[] tampered = Padding.pad(content);
    tampered[100] = 1;
    assertThat(Padding.unpad(tampered)).as("non-zero padding").isEmpty();
    byte[] tooLong = Padding.pad(content);
    tooLong[0] = 0x7f;
    assertThat(Padding.unpad(tooLong)).as("a length beyond the blob").isEmpty();
    assertThat(Padding.unpad(new byte[1000])).as("not a padded size").isEmpty();
  }
}

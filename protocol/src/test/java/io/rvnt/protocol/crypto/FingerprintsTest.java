package io.rvnt.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {
  @Test
  void isTheSha256InSixteenGroupsOfFourHexDigits() {
    assertThat(Fingerprints.of(new byte[0]))
        .as("SHA-256 of nothing, grouped")
        .isEqualTo("e3b0 c442 98fc 1c14 9afb f4c8 996f b924 27ae 41e4 649b 934c a495 991b 7852 b855");
  }
}

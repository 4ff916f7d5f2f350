package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final String HEX = "0AC2128BEABC648B140B4E24005DE4929D139104";

  @Test
  void readsTheGroupedLowerCaseFormGpgPrints() {
    assertThat(Fingerprint.parse("0ac2 128b eabc 648b 140b  4e24 005d e492 9d13 9104").hex()).isEqualTo(HEX);
    assertThat(Fingerprint.parse("0x" + HEX).hex()).isEqualTo(HEX);
  }

  @Test
  void printsTheGroupedFormForComparisonByEye() {
    assertThat(new Fingerprint(HEX).grouped()).isEqualTo("0AC2 128B EABC 648B 140B  4E24 005D E492 9D13 9104");
  }

  @Test
  void rejectsAShortKeyIdInPlaceOfAFingerprint() {
    assertThatThrownBy(() -> Fingerprint.parse("9D139104"))
        .as("a short key id is forgeable; only a full fingerprint pins a key")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40 hex digits");
  }

  @Test
  void rejectsNonHexCharacters() {
    assertThatThrownBy(() -> Fingerprint.parse(HEX.substring(0, 39) + "G"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.rvnt.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PowProofTest {
  private static final String SEED = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void parsesWhatItFormats() {
    PowProof proof = new PowProof(HexFormat.of().parseHex(SEED), 1_572_864, 0x2697b6L);
    assertThat(proof.header()).isEqualTo(SEED + ":1572864:00000000002697b6");
    assertThat(PowProof.parse(proof.header())).hasValue(proof);
    PowProof largest = new PowProof(new byte[32], Long.MAX_VALUE, -1L);
    assertThat(largest.header()).hasSize(PowProof.MAX_HEADER_CHARS);
    assertThat(PowProof.parse(largest.header())).hasValue(largest);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "00000000002697b6", SEED + ":1572864", SEED + ":1572864:00000000002697b6:",
      SEED + ":01572864:00000000002697b6", SEED + ":0:00000000002697b6", SEED + ":-1:00000000002697b6",
      SEED + ":+1:00000000002697b6", SEED + ":9223372036854775808:00000000002697b6", SEED + "::00000000002697b6",
      SEED + ":1:00000000002697B6", SEED + ":1:2697b6", SEED + " :1:00000000002697b6",
      "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef:1:00000000002697b6",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde:1:00000000002697b6",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefa:1:00000000002697b6"})
  void refusesMalformedHeaders(String header) {
    assertThat(PowProof.parse(header)).as("spec §6.1: '%s' is not SEED:EFFORT:NONCE", header).isEmpty();
  }

  @Test
  void refusesAMissingHeader() {
    assertThat(PowProof.parse(null)).isEmpty();
  }

  @Test
  void printsNeitherSeedNorNonce() {
    assertThat(new PowProof(HexFormat.of().parseHex(SEED), 5, 77).toString()).doesNotContain("0123").contains("5");
  }
}

package io.rvnt.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthHeadersTest {
  @Test
  void timestampsAreDecimalWithoutSignOrLeadingZeros() {
    assertThat(AuthHeaders.formatTimestamp(1700000000000L)).isEqualTo("1700000000000");
    assertThat(AuthHeaders.parseTimestamp("1700000000000")).hasValue(1700000000000L);
    assertThat(AuthHeaders.parseTimestamp("0")).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "01700000000000", "+1700000000000", "-1", "17e11", "1700000000000 ", "١٢٣",
      "99999999999999999999", "9223372036854775808"})
  void refusesMalformedTimestamps(String header) {
    assertThat(AuthHeaders.parseTimestamp(header)).as("'%s'", header).isEmpty();
  }

  @Test
  void signaturesAreEightyEightCharactersOfPaddedBase64() {
    byte[] signature = new byte[64];
    signature[63] = 1;
    String header = AuthHeaders.formatSignature(signature);
    assertThat(header).hasSize(88).endsWith("==");
    assertThat(AuthHeaders.parseSignature(header)).hasValueSatisfying(s -> assertThat(s).isEqualTo(signature));
  }

  @Test
  void refusesSignaturesOfTheWrongLength() {
    assertThat(AuthHeaders.parseSignature(Base64.getEncoder().encodeToString(new byte[63]))).isEmpty();
    assertThat(AuthHeaders.parseSignature(Base64.getEncoder().encodeToString(new byte[65]))).isEmpty();
    assertThat(AuthHeaders.parseSignature(null)).isEmpty();
  }

  @Test
  void refusesUnpaddedUrlSafeOrNonCanonicalBase64() {
    String canonical = Base64.getEncoder().encodeToString(new byte[64]);
    assertThat(AuthHeaders.parseSignature(canonical.substring(0, 86))).as("unpadded").isEmpty();
    assertThat(AuthHeaders.parseSignature(canonical.replace('A', '-'))).as("url-safe alphabet").isEmpty();
    String nonCanonical = canonical.substring(0, 85) + "B==";
    assertThat(AuthHeaders.parseSignature(nonCanonical)).as("non-zero padding bits").isEmpty();
  }
}

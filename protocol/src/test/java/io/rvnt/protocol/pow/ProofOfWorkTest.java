package io.rvnt.protocol.pow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProofOfWorkTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void registerChallengeBindsLabelUsernameAndKey() throws Exception {
    byte[] key = new byte[32];
    key[5] = 5;
    ByteArrayOutputStream preimage = new ByteArrayOutputStream();
    preimage.write("rvnt-identity/1 pow-register".getBytes(UTF_8));
    preimage.write(0);
    preimage.write("alice".getBytes(UTF_8));
    preimage.write(0);
    preimage.write(key);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(preimage.toByteArray());
    assertThat(ProofOfWork.registerChallenge("alice", key)).isEqualTo(expected);
    assertThat(ProofOfWork.registerChallenge("alicf", key)).as("another name, another challenge")
        .isNotEqualTo(expected);
  }

  @Test
  void writeChallengeIsLabelZeroAndSignedBytes() throws Exception {
    byte[] signed = "rvnt-identity/1 request\nGET".getBytes(UTF_8);
    ByteArrayOutputStream preimage = new ByteArrayOutputStream();
    preimage.write("rvnt-identity/1 pow-write".getBytes(UTF_8));
    preimage.write(0);
    preimage.write(signed);
    assertThat(ProofOfWork.writeChallenge(signed))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(preimage.toByteArray()));
  }

  @Test
  void hashIsSha256OfChallengeAndBigEndianNonce() throws Exception {
    byte[] challenge = new byte[32];
    byte[] preimage = new byte[40];
    preimage[32] = 0x01;
    preimage[39] = 0x02;
    assertThat(ProofOfWork.hash(challenge, 0x0100000000000002L))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(preimage));
  }

  @Test
  void refusesAChallengeOfTheWrongLength() {
    assertThatThrownBy(() -> ProofOfWork.hash(new byte[31], 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsLeadingZeroBitsFromTheMostSignificantBitOfTheFirstByte() {
    assertThat(ProofOfWork.leadingZeroBits(HEX.parseHex("80"))).isZero();
    assertThat(ProofOfWork.leadingZeroBits(HEX.parseHex("01"))).isEqualTo(7);
    assertThat(ProofOfWork.leadingZeroBits(HEX.parseHex("0000 0f ff".replace(" ", "")))).isEqualTo(20);
    assertThat(ProofOfWork.leadingZeroBits(new byte[32])).isEqualTo(256);
  }

  @Test
  void meetsIsAtLeastTheBits() {
    byte[] twenty = HEX.parseHex("00000fff");
    assertThat(ProofOfWork.meets(twenty, 20)).isTrue();
    assertThat(ProofOfWork.meets(twenty, 19)).isTrue();
    assertThat(ProofOfWork.meets(twenty, 21)).isFalse();
  }

  @Test
  void formatsNoncesAsSixteenLowercaseHexDigits() {
    assertThat(ProofOfWork.formatNonce(0)).isEqualTo("0000000000000000");
    assertThat(ProofOfWork.formatNonce(0xabcL)).isEqualTo("0000000000000abc");
    assertThat(ProofOfWork.formatNonce(-1L)).isEqualTo("ffffffffffffffff");
  }

  @Test
  void parsesWhatItFormats() {
    for (long nonce : new long[] {0, 1, 0xabcdefL, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
      assertThat(ProofOfWork.parseNonce(ProofOfWork.formatNonce(nonce))).hasValue(nonce);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "000000000000000", "00000000000000000", "000000000000000A", "000000000000000g",
      "+000000000000000", " 000000000000000", "0x00000000000000"})
  void refusesMalformedNonceHeaders(String header) {
    assertThat(ProofOfWork.parseNonce(header)).as("'%s' is not 16 lowercase hex digits", header)
        .isEqualTo(OptionalLong.empty());
  }

  @Test
  void refusesAMissingNonceHeader() {
    assertThat(ProofOfWork.parseNonce(null)).isEmpty();
  }
}

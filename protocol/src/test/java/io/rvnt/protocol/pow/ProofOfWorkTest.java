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

  private static final byte[] SEED = HEX.parseHex("42".repeat(32));

  @Test
  void registerChallengeBindsLabelSeedEffortUsernameAndKey() throws Exception {
    byte[] key = new byte[32];
    key[5] = 5;
    ByteArrayOutputStream preimage = new ByteArrayOutputStream();
    preimage.write("rvnt-identity/2 pow-register".getBytes(UTF_8));
    preimage.write(0);
    preimage.write(SEED);
    preimage.write(HEX.parseHex("0000000000100000"));
    preimage.write("alice".getBytes(UTF_8));
    preimage.write(0);
    preimage.write(key);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(preimage.toByteArray());
    PowTarget target = new PowTarget(SEED, 1 << 20);
    assertThat(ProofOfWork.registerChallenge(target, "alice", key)).isEqualTo(expected);
    assertThat(ProofOfWork.registerChallenge(target, "alicf", key)).as("another name, another challenge")
        .isNotEqualTo(expected);
    assertThat(ProofOfWork.registerChallenge(new PowTarget(SEED, (1 << 20) + 1), "alice", key))
        .as("another effort, another challenge").isNotEqualTo(expected);
    assertThat(ProofOfWork.registerChallenge(new PowTarget(new byte[32], 1 << 20), "alice", key))
        .as("another seed, another challenge").isNotEqualTo(expected);
  }

  @Test
  void writeChallengeIsLabelZeroSeedEffortAndSignedBytes() throws Exception {
    byte[] signed = "rvnt-identity/1 request\nGET".getBytes(UTF_8);
    ByteArrayOutputStream preimage = new ByteArrayOutputStream();
    preimage.write("rvnt-identity/2 pow-write".getBytes(UTF_8));
    preimage.write(0);
    preimage.write(SEED);
    preimage.write(HEX.parseHex("0000000000000007"));
    preimage.write(signed);
    assertThat(ProofOfWork.writeChallenge(new PowTarget(SEED, 7), signed))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(preimage.toByteArray()));
  }

  @Test
  void anEffortOfTwoToTheBIsBLeadingZeroBits() {
    byte[] twenty = HEX.parseHex("00000fffffffffff" + "00".repeat(24));
    assertThat(ProofOfWork.meetsEffort(twenty, 1 << 20)).as("the largest 20-bit prefix").isTrue();
    byte[] nineteen = HEX.parseHex("0000100000000000" + "00".repeat(24));
    assertThat(ProofOfWork.meetsEffort(nineteen, 1 << 20)).as("the smallest prefix with 19 zero bits").isFalse();
    assertThat(ProofOfWork.meetsEffort(nineteen, 1 << 19)).isTrue();
  }

  @Test
  void effortIsLinearBetweenPowersOfTwo() {
    long effort = 3L << 19; // 1.5 * 2^20
    long max = ProofOfWork.maxPrefix(effort);
    assertThat(max).as("(2^64 - 1) / E").isEqualTo(Long.divideUnsigned(-1L, effort));
    byte[] atMax = java.nio.ByteBuffer.allocate(32).putLong(max).array();
    byte[] aboveMax = java.nio.ByteBuffer.allocate(32).putLong(max + 1).array();
    assertThat(ProofOfWork.meetsEffort(atMax, effort)).isTrue();
    assertThat(ProofOfWork.meetsEffort(aboveMax, effort)).isFalse();
    assertThat(ProofOfWork.meetsEffort(new byte[32], Long.MAX_VALUE)).as("a zero prefix meets any effort").isTrue();
    assertThat(ProofOfWork.meetsEffort(HEX.parseHex("ff".repeat(32)), 1)).as("any hash meets effort 1").isTrue();
  }

  @Test
  void seedsAreHmacOfTheLabelAndTheEpoch() throws Exception {
    byte[] key = HEX.parseHex("a0".repeat(32));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    mac.update("rvnt-identity/2 pow-seed".getBytes(UTF_8));
    mac.update((byte) 0);
    mac.update(HEX.parseHex("0000000000000005"));
    assertThat(ProofOfWork.seed(key, 5)).isEqualTo(mac.doFinal());
    assertThat(ProofOfWork.seed(key, 6)).as("each epoch its seed").isNotEqualTo(ProofOfWork.seed(key, 5));
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

package io.rvnt.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();
  /** The order L of the prime-order subgroup (RFC 8032 §5.1). */
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  // RFC 8032 §7.1, TEST 2.
  private static final byte[] SEED = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  private static final byte[] PUBLIC = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  private static final byte[] MESSAGE = HEX.parseHex("72");
  private static final byte[] SIGNATURE = HEX.parseHex(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
          + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

  @Test
  void matchesRfc8032TestVector() {
    assertThat(Ed25519.publicKey(SEED)).isEqualTo(PUBLIC);
    assertThat(Ed25519.sign(SEED, MESSAGE)).as("deterministic signature of RFC 8032 test 2").isEqualTo(SIGNATURE);
    assertThat(Ed25519.verify(PUBLIC, MESSAGE, SIGNATURE)).isTrue();
  }

  @Test
  void refusesASignatureOverAnotherMessage() {
    assertThat(Ed25519.verify(PUBLIC, new byte[] {0x73}, SIGNATURE)).isFalse();
  }

  @Test
  void refusesAMalleatedSignatureWithSAboveTheGroupOrder() {
    byte[] s = Arrays.copyOfRange(SIGNATURE, 32, 64);
    BigInteger sPlusL = littleEndian(s).add(L);
    byte[] malleated = SIGNATURE.clone();
    System.arraycopy(toLittleEndian(sPlusL), 0, malleated, 32, 32);
    assertThat(Ed25519.verify(PUBLIC, MESSAGE, malleated)).as("S + L is the same scalar but not canonical").isFalse();
  }

  @Test
  void refusesASignatureThatHoldsOnlyUnderTheCofactoredEquation() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 8; i++) {
      byte[] seed = i == 0 ? SEED : random.generateSeed(32);
      byte[] publicKey = Ed25519.publicKey(seed);
      byte[] forged = TorsionSignatures.cofactoredOnly(seed, MESSAGE);
      assertThat(TorsionSignatures.cofactoredHolds(publicKey, MESSAGE, forged))
          .as("[8]SB = [8]R + [8]kA holds").isTrue();
      assertThat(TorsionSignatures.cofactorlessHolds(publicKey, MESSAGE, forged))
          .as("SB = R + kA does not").isFalse();
      assertThat(jdkVerifies(publicKey, MESSAGE, forged))
          .as("the JDK's RFC 8032 verifier, like OpenSSL, refuses it").isFalse();
      assertThat(Ed25519.verify(publicKey, MESSAGE, forged))
          .as("the verification is the cofactorless one of RFC 8032 §5.1.7 (spec §4)").isFalse();
    }
  }

  @Test
  void honestSignaturesHoldUnderTheCofactorlessEquation() throws Exception {
    assertThat(TorsionSignatures.cofactorlessHolds(PUBLIC, MESSAGE, SIGNATURE))
        .as("the test arithmetic agrees with RFC 8032's test 2").isTrue();
    assertThat(jdkVerifies(PUBLIC, MESSAGE, SIGNATURE)).isTrue();
  }

  @Test
  void acceptsTheNeutralElementAsRWhenTheCofactorlessEquationHolds() throws Exception {
    byte[] signature = TorsionSignatures.neutralR(SEED, MESSAGE, toLittleEndian(BigInteger.ONE));
    assertThat(TorsionSignatures.cofactorlessHolds(PUBLIC, MESSAGE, signature)).isTrue();
    assertThat(jdkVerifies(PUBLIC, MESSAGE, signature)).as("RFC 8032 does not refuse it").isTrue();
    assertThat(Ed25519.verify(PUBLIC, MESSAGE, signature))
        .as("a small-order R is refused only when the equation fails: here R is the neutral element").isTrue();
  }

  @Test
  void refusesNonCanonicalEncodingsOfR() {
    byte[] yEqualsPPlusOne = toLittleEndian(P.add(BigInteger.ONE));
    byte[] negativeZeroX = toLittleEndian(BigInteger.ONE);
    negativeZeroX[31] |= (byte) 0x80;
    for (byte[] r : new byte[][] {yEqualsPPlusOne, negativeZeroX}) {
      byte[] signature = TorsionSignatures.neutralR(SEED, MESSAGE, r);
      assertThat(Ed25519.verify(PUBLIC, MESSAGE, signature))
          .as("R %s read leniently is the neutral element; RFC 8032 §5.1.3 refuses the encoding", HEX.formatHex(r))
          .isFalse();
    }
  }

  @Test
  void refusesAMixedOrderPublicKeyEvenWhenTheEquationHolds() {
    TorsionSignatures.Signed signed = TorsionSignatures.underMixedOrderKey(SEED, MESSAGE);
    assertThat(TorsionSignatures.cofactorlessHolds(signed.publicKey(), MESSAGE, signed.signature()))
        .as("SB = R + kA holds for the key A + T").isTrue();
    assertThat(Ed25519.isValidPublicKey(signed.publicKey())).as("A + T is not in the prime-order subgroup").isFalse();
    assertThat(Ed25519.verify(signed.publicKey(), MESSAGE, signed.signature()))
        .as("spec §4: a key outside the prime-order subgroup verifies nothing").isFalse();
  }

  @Test
  void refusesANonCanonicalPublicKeyEncoding() {
    byte[] yEqualsP = toLittleEndian(P); // y = p encodes y = 0 non-canonically
    assertThat(Ed25519.isValidPublicKey(yEqualsP)).isFalse();
    byte[] yEqualsPPlusOne = toLittleEndian(P.add(BigInteger.ONE)); // non-canonical y = 1
    assertThat(Ed25519.isValidPublicKey(yEqualsPPlusOne)).isFalse();
  }

  @Test
  void refusesAPublicKeyOffTheCurve() {
    byte[] offCurve = toLittleEndian(firstYWithoutAPoint());
    assertThat(Ed25519.isValidPublicKey(offCurve)).isFalse();
    assertThat(Ed25519.verify(offCurve, MESSAGE, SIGNATURE)).isFalse();
  }

  @Test
  void refusesPublicKeysOfSmallOrder() {
    byte[] neutral = toLittleEndian(BigInteger.ONE);
    byte[] orderTwo = toLittleEndian(P.subtract(BigInteger.ONE)); // (0, -1)
    assertThat(Ed25519.isValidPublicKey(neutral)).as("the neutral element").isFalse();
    assertThat(Ed25519.isValidPublicKey(orderTwo)).as("the point of order 2").isFalse();
  }

  @Test
  void refusesWrongLengthsAndNullsWithoutThrowing() {
    assertThat(Ed25519.isValidPublicKey(null)).isFalse();
    assertThat(Ed25519.isValidPublicKey(new byte[31])).isFalse();
    assertThat(Ed25519.verify(null, MESSAGE, SIGNATURE)).isFalse();
    assertThat(Ed25519.verify(PUBLIC, null, SIGNATURE)).isFalse();
    assertThat(Ed25519.verify(PUBLIC, MESSAGE, null)).isFalse();
    assertThat(Ed25519.verify(Arrays.copyOf(PUBLIC, 33), MESSAGE, SIGNATURE)).isFalse();
    assertThat(Ed25519.verify(PUBLIC, MESSAGE, Arrays.copyOf(SIGNATURE, 65))).isFalse();
    assertThat(Ed25519.verify(new byte[32], MESSAGE, new byte[64])).isFalse();
  }

  @Test
  void generatedKeysAreValidAndSignatureVerifies() {
    Ed25519.KeyPair pair = Ed25519.generate(new SecureRandom());
    assertThat(Ed25519.isValidPublicKey(pair.publicKey())).isTrue();
    assertThat(Ed25519.verify(pair.publicKey(), MESSAGE, Ed25519.sign(pair.seed(), MESSAGE))).isTrue();
    assertThat(pair.toString()).as("key pairs never print the seed").doesNotContain(HEX.formatHex(pair.seed()));
  }

  @Test
  void refusesASeedOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519.sign(new byte[31], MESSAGE)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The JDK's own RFC 8032 verifier, an implementation independent of BouncyCastle's. */
  static boolean jdkVerifies(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException {
    byte[] spki = new byte[44];
    System.arraycopy(HEX.parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
    System.arraycopy(publicKey, 0, spki, 12, 32);
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
    verifier.update(message);
    return verifier.verify(signature);
  }

  /** The smallest y >= 2 for which x^2 = (y^2 - 1) / (d y^2 + 1) has no root mod p: not a curve point. */
  private static BigInteger firstYWithoutAPoint() {
    BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    BigInteger exponent = P.subtract(BigInteger.ONE).shiftRight(1);
    for (BigInteger y = BigInteger.TWO; ; y = y.add(BigInteger.ONE)) {
      BigInteger y2 = y.multiply(y).mod(P);
      BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
      BigInteger v = d.multiply(y2).add(BigInteger.ONE).mod(P);
      BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
      if (x2.signum() != 0 && x2.modPow(exponent, P).equals(P.subtract(BigInteger.ONE))) {
        return y;
      }
    }
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = bytes.clone();
    reverse(big);
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, big.length); i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static void reverse(byte[] bytes) {
    for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
      byte t = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = t;
    }
  }
}

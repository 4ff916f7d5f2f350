package io.rvnt.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void matchesRfc7748TestVector() {
    byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    assertThat(HEX.formatHex(X25519.fromPrivateKey(alicePrivate).publicKey()))
        .as("RFC 7748 §6.1 Alice's public key")
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  }

  @Test
  void acceptsGeneratedKeys() {
    assertThat(X25519.isValidPublicKey(X25519.generate(new SecureRandom()).publicKey())).isTrue();
  }

  @Test
  void refusesTheAllZeroKey() {
    assertThat(X25519.isValidPublicKey(new byte[32])).isFalse();
  }

  @Test
  void refusesWrongLengthsAndNull() {
    assertThat(X25519.isValidPublicKey(null)).isFalse();
    assertThat(X25519.isValidPublicKey(new byte[] {1})).isFalse();
    byte[] long33 = new byte[33];
    long33[0] = 9;
    assertThat(X25519.isValidPublicKey(long33)).isFalse();
  }
}

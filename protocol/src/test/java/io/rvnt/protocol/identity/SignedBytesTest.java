package io.rvnt.protocol.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignedBytesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void signedPreKeyBytesAreLabelZeroIdBigEndianAndKey() {
    byte[] key = new byte[32];
    key[0] = 0x55;
    byte[] bytes = SignedBytes.signedPreKey(0x01020304, key);
    String expected = HEX.formatHex("rvnt-identity/1 signed-prekey".getBytes(UTF_8)) + "00" + "01020304"
        + HEX.formatHex(key);
    assertThat(HEX.formatHex(bytes)).as("spec §4 signed prekey bytes").isEqualTo(expected);
  }

  @Test
  void pqPreKeyBytesUseTheirOwnLabel() {
    byte[] key = new byte[1184];
    byte[] bytes = SignedBytes.pqPreKey(7, key);
    assertThat(bytes).hasSize("rvnt-identity/1 pq-prekey".length() + 1 + 4 + 1184);
    assertThat(new String(bytes, 0, 25, UTF_8)).isEqualTo("rvnt-identity/1 pq-prekey");
    assertThat(HEX.formatHex(bytes, 25, 30)).isEqualTo("0000000007");
  }

  @Test
  void idsAboveTwoToTheThirtyOneAreEncodedUnsigned() {
    byte[] bytes = SignedBytes.signedPreKey(0xfffffffe, new byte[32]);
    assertThat(HEX.formatHex(bytes, 30, 34)).as("u32be(4294967294)").isEqualTo("fffffffe");
  }

  @Test
  void requestBytesAreSixLinesWithoutTrailingNewline() {
    byte[] bytes = SignedBytes.request("GET", "/v1/prekey-count", "alice", "1700000000000", new byte[0]);
    assertThat(new String(bytes, UTF_8))
        .as("spec §5 layout; empty body hashes to SHA-256 of nothing")
        .isEqualTo("rvnt-identity/1 request\nGET\n/v1/prekey-count\nalice\n1700000000000\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void requestBytesBindTheBody() {
    byte[] a = SignedBytes.request("PUT", "/v1/prekeys", "alice", "1", new byte[] {1});
    byte[] b = SignedBytes.request("PUT", "/v1/prekeys", "alice", "1", new byte[] {2});
    assertThat(a).as("different bodies, different signed bytes").isNotEqualTo(b);
  }
}

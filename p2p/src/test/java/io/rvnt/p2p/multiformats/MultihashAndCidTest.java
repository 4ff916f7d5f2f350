package io.rvnt.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultihashAndCidTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesSha256WithCodeAndLength() {
    Multihash m = Multihash.sha256("foo".getBytes(StandardCharsets.UTF_8));
    assertThat(HEX.formatHex(m.bytes()))
        .isEqualTo("1220" + "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
    assertThat(Multihash.decode(m.bytes())).isEqualTo(m);
  }

  @Test
  void rejectsAnUnsupportedHashFunction() {
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1301aa")))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.UNSUPPORTED_HASH));
  }

  @Test
  void rejectsADigestOfTheWrongLength() {
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1201aa")))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.BAD_DIGEST_LENGTH));
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("0002aa")))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TRUNCATED));
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("0001aabb")))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TRAILING_BYTES));
  }

  @Test
  void rejectsAnOversizedIdentityDigest() {
    assertThatThrownBy(() -> Multihash.identity(new byte[43]))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.BAD_DIGEST_LENGTH));
  }

  @Test
  void base58RoundTripsAndKeepsLeadingZeros() {
    byte[] data = HEX.parseHex("0000ff01");
    assertThat(Base58.decode(Base58.encode(data))).isEqualTo(data);
    assertThat(Base58.encode(data)).startsWith("11");
    assertThat(Base58.encode("hello world".getBytes(StandardCharsets.UTF_8))).isEqualTo("StV1DL6CwTryKyV");
  }

  @Test
  void base58RejectsCharactersOutsideItsAlphabet() {
    assertThatThrownBy(() -> Base58.decode("0OIl"))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.BAD_ENCODING));
  }

  @Test
  void parsesTheSpecsPeerIdCid() {
    Cid cid = Cid.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(cid.codec()).isEqualTo(Cid.LIBP2P_KEY);
    assertThat(Base58.encode(cid.multihash().bytes())).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(cid.toString()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
  }

  @Test
  void rejectsACidOfAnotherVersionOrMultibase() {
    assertThatThrownBy(() -> Cid.decode(HEX.parseHex("0072" + "0001aa")))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.UNSUPPORTED_CID));
    assertThatThrownBy(() -> Cid.parse("mAXI"))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.UNSUPPORTED_CID));
  }

  @Test
  void rejectsNonCanonicalBase32() {
    assertThatThrownBy(() -> Cid.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxf"))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.BAD_ENCODING));
  }
}

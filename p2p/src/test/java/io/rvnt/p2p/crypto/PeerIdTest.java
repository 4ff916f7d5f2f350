package io.rvnt.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerIdTest {

  private static final HexFormat HEX = HexFormat.of();
  // The peer-ids spec's Ed25519 test vector.
  private static final String PRIVATE =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
          + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String PUBLIC = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  @Test
  void derivesTheSpecVectorsPublicKeyAndPeerId() {
    PrivKey key = Keys.unmarshalPrivateKey(HEX.parseHex(PRIVATE));
    assertThat(HEX.formatHex(key.publicKey().bytes())).isEqualTo(PUBLIC);
    assertThat(HEX.formatHex(key.bytes())).as("private key re-encodes byte for byte").isEqualTo(PRIVATE);
    assertThat(PeerId.fromPublicKey(key.publicKey()).toBase58()).isEqualTo(PEER_ID);
  }

  @Test
  void inlinesTheEd25519KeyInItsPeerId() {
    PeerId id = PeerId.parse(PEER_ID);
    assertThat(id.publicKey()).hasValueSatisfying(k -> assertThat(HEX.formatHex(k.bytes())).isEqualTo(PUBLIC));
    assertThat(id.matches(Keys.unmarshalPublicKey(HEX.parseHex(PUBLIC)))).isTrue();
  }

  @Test
  void parsesTheCidFormAsTheSamePeer() {
    PeerId id = PeerId.parse(PEER_ID);
    assertThat(PeerId.parse(id.toCid().toString())).isEqualTo(id);
    assertThat(PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"))
        .isEqualTo(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
  }

  @Test
  void signaturesVerifyOnlyForTheSignedData() {
    PrivKey key = Keys.generateEd25519(new SecureRandom());
    byte[] data = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.sign(data);
    assertThat(key.publicKey().verify(data, sig)).isTrue();
    sig[0] ^= 1;
    assertThat(key.publicKey().verify(data, sig)).as("a flipped bit breaks the signature").isFalse();
    assertThat(key.publicKey().verify(data, new byte[3])).as("a short signature is rejected").isFalse();
  }

  @Test
  void rejectsACidWithAnotherCodec() {
    assertThatThrownBy(() -> PeerId.parse("bafkreie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"))
        .isInstanceOfSatisfying(CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_PEER_ID));
  }

  @Test
  void rejectsGarbageText() {
    assertThatThrownBy(() -> PeerId.parse("12D3Koo"))
        .isInstanceOfSatisfying(CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_PEER_ID));
  }

  @Test
  void rejectsAnUnsupportedKeyType() {
    assertThatThrownBy(() -> Keys.unmarshalPublicKey(HEX.parseHex("08021201aa")))
        .isInstanceOfSatisfying(CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_KEY_TYPE));
  }

  @Test
  void rejectsKeyMessagesWithExtraMissingOrReorderedFields() {
    for (String hex : new String[] {
        "1220" + PUBLIC.substring(8) + "0801", // Data before Type
        "0801", // no Data
        PUBLIC + "1801", // unknown field 3
        "08011221" + PUBLIC.substring(8), // Data length beyond the message
        "080112041ed1e8fa"}) { // Ed25519 key of 4 bytes
      assertThatThrownBy(() -> Keys.unmarshalPublicKey(HEX.parseHex(hex)))
          .as(hex)
          .isInstanceOfSatisfying(CryptoException.class,
              e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_KEY));
    }
  }

  @Test
  void rejectsAPrivateKeyWhosePublicHalfDoesNotMatch() {
    String bad = PRIVATE.substring(0, PRIVATE.length() - 2) + "00";
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(HEX.parseHex(bad)))
        .isInstanceOfSatisfying(CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED_KEY));
  }

  @Test
  void neverPrintsAPrivateKey() {
    assertThat(Keys.generateEd25519(new SecureRandom()).toString()).doesNotContainPattern("[0-9a-f]{16}");
  }
}

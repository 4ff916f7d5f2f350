package io.rvnt.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MultiaddrTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  @Test
  void encodesIp4TcpAsTheSpecDoes() {
    Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    assertThat(HEX.formatHex(a.bytes())).isEqualTo("047f000001060fa1");
    assertThat(Multiaddr.decode(a.bytes())).isEqualTo(a);
  }

  @Test
  void encodesQuicV1WithItsTwoByteCode() {
    Multiaddr a = Multiaddr.parse("/ip4/1.2.3.4/udp/4001/quic-v1");
    assertThat(HEX.formatHex(a.bytes())).isEqualTo("0401020304" + "91020fa1" + "cd03");
    assertThat(a.toString()).isEqualTo("/ip4/1.2.3.4/udp/4001/quic-v1");
  }

  @Test
  void roundTripsEveryProtocolInTextAndBinary() {
    for (String text : new String[] {
        "/ip6/::1/tcp/8080",
        "/ip6/2001:db8::ff00:42:8329/udp/443/quic-v1",
        "/dns4/example.com/tcp/443",
        "/dns6/example.com/tcp/443",
        "/dnsaddr/bootstrap.libp2p.io/p2p/" + PEER,
        "/dns/example.com/udp/1",
        "/ip4/10.0.0.1/tcp/0/p2p/" + PEER,
        "/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"}) {
      Multiaddr a = Multiaddr.parse(text);
      assertThat(a.toString()).as("text round trip").isEqualTo(text);
      assertThat(Multiaddr.decode(a.bytes())).as("binary round trip").isEqualTo(a);
    }
  }

  @Test
  void encodesDnsaddrWithCode56AndALengthPrefixedName() {
    Multiaddr a = Multiaddr.parse("/dnsaddr/rvnt.test");
    assertThat(HEX.formatHex(a.bytes())).as("0x38 = 56, length 9, the name in UTF-8")
        .isEqualTo("38" + "09" + HEX.formatHex("rvnt.test".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(Multiaddr.decode(a.bytes())).isEqualTo(a);
    assertThat(a.components().get(0).protocol()).isEqualTo(MultiaddrProtocol.DNSADDR);
    assertThat(MultiaddrProtocol.DNSADDR.code()).isEqualTo(56);
  }

  @Test
  void keepsAnIpv4MappedIp6AddressAsIp6() {
    assertThat(Multiaddr.parse("/ip6/::ffff:1.2.3.4/tcp/1").toString()).startsWith("/ip6/");
  }

  @Test
  void acceptsTheCidFormOfAPeerIdAndPrintsBase58() {
    Multiaddr a = Multiaddr.parse("/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(a.toString()).isEqualTo("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  }

  @Test
  void accessorsFindThePeerIdAndStripIt() {
    Multiaddr a = Multiaddr.parse("/ip4/10.0.0.1/tcp/5/p2p/" + PEER);
    assertThat(a.peerIdMultihash()).hasValueSatisfying(m -> assertThat(Base58.encode(m.bytes())).isEqualTo(PEER));
    assertThat(a.withoutPeerId()).isEqualTo(Multiaddr.parse("/ip4/10.0.0.1/tcp/5"));
    assertThat(a.valueText(MultiaddrProtocol.TCP)).hasValue("5");
  }

  @Test
  void rejectsTextWithoutLeadingSlash() {
    assertRejected(() -> Multiaddr.parse("ip4/1.2.3.4"), MultiformatException.Reason.BAD_TEXT);
  }

  @Test
  void rejectsAnUnknownProtocolName() {
    assertRejected(() -> Multiaddr.parse("/ip5/1.2.3.4"), MultiformatException.Reason.UNKNOWN_PROTOCOL);
  }

  @Test
  void rejectsAMissingValue() {
    assertRejected(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp"), MultiformatException.Reason.BAD_TEXT);
  }

  @Test
  void rejectsBadIpAddresses() {
    assertRejected(() -> Multiaddr.parse("/ip4/1.2.3.256"), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.parse("/ip4/example.com"), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.parse("/ip6/1.2.3.4"), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.parse("/ip6/fe80::1%eth0"), MultiformatException.Reason.BAD_VALUE);
  }

  @Test
  void rejectsBadPorts() {
    assertRejected(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/65536"), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/-1"), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.parse("/ip4/1.2.3.4/udp/+80"), MultiformatException.Reason.BAD_VALUE);
  }

  @Test
  void rejectsABadPeerId() {
    assertRejected(() -> Multiaddr.parse("/p2p/1"), MultiformatException.Reason.TRUNCATED);
    assertRejected(() -> Multiaddr.parse("/p2p/0OIl"), MultiformatException.Reason.UNSUPPORTED_CID);
  }

  @Test
  void rejectsAnUnknownProtocolCode() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("7f")), MultiformatException.Reason.UNKNOWN_PROTOCOL);
  }

  @Test
  void rejectsATruncatedFixedValue() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("047f0000")), MultiformatException.Reason.TRUNCATED);
  }

  @Test
  void rejectsATruncatedVariableValue() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("360a6578")), MultiformatException.Reason.TRUNCATED);
  }

  @Test
  void rejectsAMalformedProtocolVarint() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("8000")), MultiformatException.Reason.VARINT_NOT_MINIMAL);
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("ffffffffffffffffff01")),
        MultiformatException.Reason.VARINT_TOO_LONG);
  }

  @Test
  void rejectsAnEmptyOrOversizedBinaryAddress() {
    assertRejected(() -> Multiaddr.decode(new byte[0]), MultiformatException.Reason.TRUNCATED);
    assertRejected(() -> Multiaddr.decode(new byte[2000]), MultiformatException.Reason.TOO_LONG);
  }

  @Test
  void textWhoseEncodingIsOverTheBinaryLimitIsRefusedAsDecodeWouldRefuseItsBytes() {
    // 205 x "/ip4/1.2.3.4": 2,460 characters, 1,025 bytes once encoded.
    String text = "/ip4/1.2.3.4".repeat(205);
    assertThatThrownBy(() -> Multiaddr.parse(text)).as("one limit for both forms: the encoded length")
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TOO_LONG))
        .hasMessageContaining("longer than 1024 bytes once encoded (1025)");
    String dnsName = "\u00e9".repeat(100); // 100 characters, 200 bytes in UTF-8
    assertRejected(() -> Multiaddr.parse(("/dns/" + dnsName).repeat(6)), MultiformatException.Reason.TOO_LONG);
  }

  @Test
  void everyAddressDecodeTakesParsesFromItsTextEvenTheWordiestPerByte() {
    // "/ip4/255.255.255.255" and "/quic-v1" spell 4 characters per byte, the most of any protocol.
    Multiaddr ip4s = Multiaddr.parse("/ip4/255.255.255.255".repeat(204) + "/quic-v1/quic-v1");
    assertThat(ip4s.bytes()).as("exactly the binary limit").hasSize(Multiaddr.DEFAULT_MAX_BYTES);
    assertThat(Multiaddr.parse(Multiaddr.decode(ip4s.bytes()).toString())).as("its 4,096-character text parses")
        .isEqualTo(ip4s);
    Multiaddr quics = Multiaddr.decode(Multiaddr.parse("/quic-v1".repeat(512)).bytes());
    assertThat(quics.toString()).hasSize(Multiaddr.DEFAULT_MAX_BYTES * 4);
    assertThat(Multiaddr.parse(quics.toString())).isEqualTo(quics);
  }

  @Test
  void textOverFourCharactersPerByteOfTheLimitIsRefusedBeforeItIsSplit() {
    assertThatThrownBy(() -> Multiaddr.parse("/quic-v1".repeat(512) + "/"))
        .isInstanceOfSatisfying(MultiformatException.class,
            e -> assertThat(e.reason()).isEqualTo(MultiformatException.Reason.TOO_LONG))
        .hasMessage("TOO_LONG: multiaddr text longer than 4096 characters");
  }

  @Test
  void rejectsADnsNameWithASlashOrInvalidUtf8() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("3603612f62")), MultiformatException.Reason.BAD_VALUE);
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("3602c328")), MultiformatException.Reason.BAD_VALUE);
  }

  @Test
  void rejectsAnEmptyDnsName() {
    assertRejected(() -> Multiaddr.decode(HEX.parseHex("3600")), MultiformatException.Reason.BAD_VALUE);
  }

  private static void assertRejected(ThrowingCallable call, MultiformatException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(MultiformatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

package io.rvnt.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.discovery.mdns.MdnsException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsCodecTest {

  private final DnsCodec codec = new DnsCodec(DnsLimits.DEFAULTS);

  @Test
  void aLibp2pAnswerSurvivesEncodingAndDecodingFieldByField() throws Exception {
    DnsName instance = PeerAnnouncer.SERVICE.prepend("abcdefghijklmnopqrstuvwxyz012345");
    DnsMessage sent = DnsMessage.response(
        List.of(DnsRecord.of(PeerAnnouncer.SERVICE, false, 120, new DnsRecord.Ptr(instance))),
        List.of(DnsRecord.of(instance, false, 120, new DnsRecord.Txt(List.of(
            "dnsaddr=/ip4/10.77.0.1/tcp/4001/p2p/12D3KooW".getBytes(StandardCharsets.UTF_8)))),
            DnsRecord.of(DnsName.of("host.local"), true, 120, new DnsRecord.Srv(0, 0, 4001,
                DnsName.of("host.local"))),
            DnsRecord.of(DnsName.of("host.local"), true, 120,
                new DnsRecord.Address(InetAddress.getByName("10.77.0.1")))));

    DnsMessage got = codec.decode(codec.encode(sent));

    assertThat(got.response()).isTrue();
    assertThat(got.id()).isZero();
    assertThat(got.answers()).hasSize(1);
    assertThat(got.answers().get(0).name()).isEqualTo(PeerAnnouncer.SERVICE);
    assertThat(got.answers().get(0).type()).isEqualTo(DnsRecord.TYPE_PTR);
    assertThat(got.answers().get(0).ttlSeconds()).isEqualTo(120);
    assertThat(got.answers().get(0).cacheFlush()).isFalse();
    assertThat(((DnsRecord.Ptr) got.answers().get(0).data()).target()).isEqualTo(instance);
    assertThat(new String(((DnsRecord.Txt) got.additionals().get(0).data()).strings().get(0),
        StandardCharsets.UTF_8)).isEqualTo("dnsaddr=/ip4/10.77.0.1/tcp/4001/p2p/12D3KooW");
    assertThat(got.additionals().get(1).cacheFlush()).as("the cache-flush bit survives").isTrue();
    assertThat(((DnsRecord.Srv) got.additionals().get(1).data()).port()).isEqualTo(4001);
    assertThat(((DnsRecord.Address) got.additionals().get(2).data()).address())
        .isEqualTo(InetAddress.getByName("10.77.0.1"));
  }

  @Test
  void readsCompressedNamesAsJsLibp2pSendsThem() throws Exception {
    // A response whose PTR data points back at the question-less answer's name: "_p2p._udp.local" at 12.
    Bytes b = header(0x8400, 0, 1, 0, 0);
    int serviceAt = b.size();
    b.name("_p2p", "_udp", "local").u16(12).u16(1).u32(120);
    b.u16(1 + 3 + 2).label("abc").pointer(serviceAt);
    DnsMessage m = codec.decode(b.bytes());
    assertThat(((DnsRecord.Ptr) m.answers().get(0).data()).target()).hasToString("abc._p2p._udp.local");
  }

  @Test
  void refusesACompressionPointerToItself() {
    Bytes b = header(0, 1, 0, 0, 0);
    b.pointer(12).u16(12).u16(1);
    assertRefused(b.bytes(), Reason.COMPRESSION_LOOP);
  }

  @Test
  void refusesACompressionLoopBetweenTwoNames() {
    // Name one at 12 is "a" then a pointer to 17; name two at 17 is a pointer back to 12: a loop.
    Bytes b = header(0, 2, 0, 0, 0);
    b.label("a").pointer(17).u16(12).u16(1);
    b.pointer(12).u16(12).u16(1);
    assertRefused(b.bytes(), Reason.COMPRESSION_LOOP);
  }

  @Test
  void refusesAForwardPointer() {
    Bytes b = header(0, 1, 0, 0, 0);
    b.pointer(40).u16(12).u16(1);
    b.pad(40);
    assertRefused(b.bytes(), Reason.COMPRESSION_LOOP);
  }

  @Test
  void refusesAPacketShorterThanItsHeader() {
    assertRefused(new byte[11], Reason.TRUNCATED);
  }

  @Test
  void refusesAPacketThatEndsInsideARecord() {
    Bytes b = header(0x8400, 0, 1, 0, 0);
    b.name("x", "local").u16(1).u16(1).u32(120).u16(4).raw(10, 77);
    assertRefused(b.bytes(), Reason.TRUNCATED);
  }

  @Test
  void refusesAPacketAboveThePacketLimit() {
    assertRefused(new byte[DnsLimits.DEFAULTS.maxPacketBytes() + 1], Reason.TOO_LARGE);
  }

  @Test
  void refusesMoreRecordsThanTheLimitBeforeReadingThem() {
    assertRefused(header(0x8400, 0, 65, 0, 0).bytes(), Reason.TOO_MANY_RECORDS);
    assertRefused(header(0x8400, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF).bytes(), Reason.TOO_MANY_RECORDS);
  }

  @Test
  void refusesAHugeTxtRecord() {
    Bytes b = header(0x8400, 0, 1, 0, 0);
    b.name("x", "local").u16(16).u16(1).u32(120).u16(1301);
    for (int i = 0; i < 5; i++) {
      b.raw(255).pad(b.size() + 255);
    }
    b.raw(25).pad(b.size() + 25);
    assertRefused(b.bytes(), Reason.TXT_TOO_LARGE);
  }

  @Test
  void refusesATxtStringRunningPastItsRecord() {
    Bytes b = header(0x8400, 0, 1, 0, 0);
    b.name("x", "local").u16(16).u16(1).u32(120).u16(3).raw(9, 'a', 'b');
    b.raw(0, 0, 0, 0, 0, 0, 0);
    assertRefused(b.bytes(), Reason.BAD_RECORD_DATA);
  }

  @Test
  void refusesAnAddressRecordOfTheWrongLength() {
    Bytes b = header(0x8400, 0, 1, 0, 0);
    b.name("x", "local").u16(1).u16(1).u32(120).u16(5).raw(10, 77, 0, 1, 9);
    assertRefused(b.bytes(), Reason.BAD_RECORD_DATA);
  }

  @Test
  void refusesAReservedLabelType() {
    Bytes b = header(0, 1, 0, 0, 0);
    b.raw(0x40, 'a', 0).u16(12).u16(1);
    assertRefused(b.bytes(), Reason.BAD_NAME);
  }

  @Test
  void refusesANameAbove255Bytes() {
    Bytes b = header(0, 1, 0, 0, 0);
    for (int i = 0; i < 5; i++) {
      b.label("a".repeat(60));
    }
    b.raw(0).u16(12).u16(1);
    assertRefused(b.bytes(), Reason.BAD_NAME);
  }

  @Test
  void refusesANonZeroOpcodeAsRfc6762Says() {
    assertRefused(header(0x2800, 0, 0, 0, 0).bytes(), Reason.BAD_HEADER);
  }

  @Test
  void refusesToEncodeMoreThanFitsThePacketLimit() {
    DnsCodec small = new DnsCodec(new DnsLimits(100, 64, 1300));
    DnsMessage big = DnsMessage.response(List.of(DnsRecord.of(DnsName.of("x.local"), false, 120,
        new DnsRecord.Txt(List.of(new byte[200])))), List.of());
    assertThatThrownBy(() -> small.encode(big)).isInstanceOfSatisfying(MdnsException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  private void assertRefused(byte[] packet, Reason reason) {
    assertThatThrownBy(() -> codec.decode(packet)).as("packet %s", HexFormat.of().formatHex(packet))
        .isInstanceOfSatisfying(MdnsException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  static Bytes header(int flags, int qd, int an, int ns, int ar) {
    return new Bytes().u16(0).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }

  /** Builds packets byte by byte, malformed ones included. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u16(int v) {
      out.write(v >>> 8 & 0xFF);
      out.write(v & 0xFF);
      return this;
    }

    Bytes u32(long v) {
      return u16((int) (v >>> 16)).u16((int) v);
    }

    Bytes raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Bytes label(String label) {
      byte[] b = label.getBytes(StandardCharsets.UTF_8);
      out.write(b.length);
      out.writeBytes(b);
      return this;
    }

    Bytes name(String... labels) {
      for (String l : labels) {
        label(l);
      }
      return raw(0);
    }

    Bytes pointer(int offset) {
      return raw(0xC0 | offset >>> 8, offset & 0xFF);
    }

    Bytes pad(int size) {
      while (out.size() < size) {
        out.write(0);
      }
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}

package io.rvnt.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * mDNS packets from the LAN (FUZZING.md): a typed {@link MdnsException}, or a message whose encoding decodes and
 * encodes again to the same bytes (names may be compressed differently from the input, so the input itself is not
 * the reference).
 */
class DnsCodecFuzzTest {
  private static final DnsCodec CODEC = new DnsCodec(DnsLimits.DEFAULTS);

  @FuzzTest
  void decodeIsTypedErrorOrAStableEncoding(byte[] packet) throws MdnsException {
    DnsMessage message;
    try {
      message = CODEC.decode(packet);
    } catch (MdnsException expected) {
      assertThat(expected.reason()).isNotNull();
      return;
    }
    byte[] encoded;
    try {
      encoded = CODEC.encode(message);
    } catch (MdnsException refused) {
      // Encoding may refuse what decoding accepted only by a limit (a packet that grows past the size limit).
      assertThat(refused.reason()).isEqualTo(MdnsException.Reason.TOO_LARGE);
      return;
    }
    assertThat(CODEC.encode(CODEC.decode(encoded))).as("a decoded message has one stable encoding")
        .isEqualTo(encoded);
  }
}

package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The data of a TXT record from a DNS answer (dnsaddr, FUZZING.md): a typed {@link DnsaddrException}, or the joined
 * text, which (when it is valid UTF-8) re-encodes as character-strings to the same bytes once split the same way.
 */
class TxtDataFuzzTest {

  @FuzzTest
  void decodeIsTypedErrorOrTheJoinedStrings(byte[] data) {
    ByteBuf buffer = Unpooled.wrappedBuffer(data);
    String text;
    try {
      text = TxtData.decode(buffer);
    } catch (DnsaddrException expected) {
      assertThat(expected.reason()).isEqualTo(DnsaddrException.Reason.MALFORMED_ANSWER);
      return;
    } finally {
      assertThat(buffer.readerIndex()).as("the record is not changed").isZero();
      buffer.release();
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int index = 0;
    while (index < data.length) {
      int length = data[index++] & 0xff;
      joined.write(data, index, length);
      index += length;
    }
    assertThat(text).isEqualTo(joined.toString(StandardCharsets.UTF_8));
  }
}

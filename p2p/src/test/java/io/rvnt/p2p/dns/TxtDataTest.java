package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TxtDataTest {

  private static ByteBuf bytes(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  @Test
  void joinsTheCharacterStringsOfOneRecord() {
    ByteBuf data = bytes("03616263" + "00" + "026465");
    assertThat(TxtData.decode(data)).isEqualTo("abcde");
    assertThat(data.readerIndex()).as("the record is left as it was").isZero();
    data.release();
  }

  @Test
  void refusesAStringRunningPastTheRecord() {
    ByteBuf data = bytes("05616263");
    assertThatThrownBy(() -> TxtData.decode(data)).isInstanceOfSatisfying(DnsaddrException.class,
        e -> assertThat(e.reason()).isEqualTo(DnsaddrException.Reason.MALFORMED_ANSWER));
    data.release();
  }

  @Test
  void refusesARecordWithoutAString() {
    ByteBuf data = bytes("");
    assertThatThrownBy(() -> TxtData.decode(data)).isInstanceOfSatisfying(DnsaddrException.class,
        e -> assertThat(e.reason()).isEqualTo(DnsaddrException.Reason.MALFORMED_ANSWER));
  }

  @Test
  void turnsBytesThatAreNotUtf8IntoReplacementCharacters() {
    ByteBuf data = bytes("02c328");
    assertThat(TxtData.decode(data)).isEqualTo("\uFFFD(");
    data.release();
  }
}

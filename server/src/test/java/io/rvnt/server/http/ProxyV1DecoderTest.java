package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.rvnt.server.ratelimit.Origin;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The PROXY v1 line (haproxy proxy-protocol.txt §2.1, spec §8) in an EmbeddedChannel, every field checked, one
 * malformed input per test.
 */
class ProxyV1DecoderTest {
  /** Tor's line for a circuit id that is a multiple of 65,536: the source port, its low 16 bits, is 0. */
  static final String TOR_CIRCUIT_0XA71C0000 = "PROXY TCP6 fc00:dead:beef:4dad::a71c:0 ::1 0 80\r\n";

  static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }

  static HAProxyMessage decodeOne(String line) {
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyV1Decoder());
    channel.writeInbound(ascii(line));
    HAProxyMessage message = channel.readInbound();
    assertThat(message).as("a header decoded from %s", line.strip()).isNotNull();
    channel.finishAndReleaseAll();
    return message;
  }

  static void assertRefused(String bytes) {
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyV1Decoder());
    assertThatThrownBy(() -> channel.writeInbound(ascii(bytes)))
        .as("refused: %s", bytes.strip())
        .isInstanceOf(HAProxyProtocolException.class);
    assertThat((Object) channel.readInbound()).as("nothing passes on").isNull();
    assertThat(channel.isOpen()).as("the connection is closed").isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void acceptsSourcePortZeroAsTorSendsItForOneCircuitIn65536() {
    HAProxyMessage message = decodeOne(TOR_CIRCUIT_0XA71C0000);
    assertThat(message.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V1);
    assertThat(message.command()).isEqualTo(HAProxyCommand.PROXY);
    assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
    assertThat(message.sourceAddress()).isEqualTo("fc00:dead:beef:4dad::a71c:0");
    assertThat(message.destinationAddress()).isEqualTo("::1");
    assertThat(message.sourcePort()).isZero();
    assertThat(message.destinationPort()).isEqualTo(80);
    assertThat(CircuitIds.originOf(message)).isEqualTo(Origin.circuit(0xa71c0000));
    message.release();
  }

  @Test
  void acceptsDestinationPortZeroAndTheHighestPort() {
    HAProxyMessage message = decodeOne("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 65535 0\r\n");
    assertThat(message.sourcePort()).isEqualTo(65535);
    assertThat(message.destinationPort()).isZero();
    message.release();
  }

  @Test
  void decodesTcp4() {
    HAProxyMessage message = decodeOne("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n");
    assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
    assertThat(message.sourceAddress()).isEqualTo("192.0.2.1");
    assertThat(message.destinationAddress()).isEqualTo("198.51.100.2");
    assertThat(message.sourcePort()).isEqualTo(56324);
    assertThat(message.destinationPort()).isEqualTo(443);
    message.release();
  }

  @Test
  void decodesUnknownAndIgnoresTheRestOfItsLine() {
    for (String line : new String[] {"PROXY UNKNOWN\r\n", "PROXY UNKNOWN ffff::1 ffff::2 65535 65535\r\n"}) {
      HAProxyMessage message = decodeOne(line);
      assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.UNKNOWN);
      assertThat(message.sourceAddress()).isNull();
      message.release();
    }
  }

  @Test
  void passesTheBytesAfterTheLineOnAndRemovesItself() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyV1Decoder());
    channel.writeInbound(ascii(TOR_CIRCUIT_0XA71C0000 + "GET / HTTP/1.1\r\n"));
    HAProxyMessage message = channel.readInbound();
    message.release();
    ByteBuf rest = channel.readInbound();
    assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\n");
    rest.release();
    assertThat(channel.pipeline().get(ProxyV1Decoder.class)).as("runs once").isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void waitsForTheWholeLine() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProxyV1Decoder());
    channel.writeInbound(ascii("PROXY TCP6 fc00:dead:beef:4dad::a71c:0 ::1 0 8"));
    assertThat((Object) channel.readInbound()).isNull();
    channel.writeInbound(ascii("0\r"));
    assertThat((Object) channel.readInbound()).as("CR alone does not end the line").isNull();
    channel.writeInbound(ascii("\n"));
    HAProxyMessage message = channel.readInbound();
    assertThat(message.destinationPort()).isEqualTo(80);
    message.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void acceptsALineOfExactly107BytesWithItsCrlf() {
    String line = "PROXY UNKNOWN " + "x".repeat(107 - "PROXY UNKNOWN ".length() - 2) + "\r\n";
    assertThat(line).hasSize(ProxyV1Decoder.MAX_LINE_BYTES);
    decodeOne(line).release();
  }

  @Test
  void refusesALineWithoutCrlfInItsFirst107Bytes() {
    assertRefused("PROXY UNKNOWN " + "x".repeat(107 - "PROXY UNKNOWN ".length() - 1) + "\r\n");
  }

  @Test
  void refusesAPortAbove65535() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 65536 80\r\n");
  }

  @Test
  void refusesAPortWithALeadingZero() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 080 80\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 80 00\r\n");
  }

  @Test
  void refusesAPortWithASign() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 +80 80\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 80 -0\r\n");
  }

  @Test
  void refusesAPortThatIsNotANumber() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 8a 80\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 123456 80\r\n");
  }

  @Test
  void refusesAnEmptyField() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1  ::1 1 80\r\n");
  }

  @Test
  void refusesTooFewOrTooManyFields() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 80\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 1 80 9\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 1 80 \r\n");
  }

  @Test
  void refusesAnAddressOfTheOtherFamily() {
    assertRefused("PROXY TCP6 192.0.2.1 ::1 1 80\r\n");
    assertRefused("PROXY TCP4 192.0.2.1 ::1 1 80\r\n");
  }

  @Test
  void refusesAnAddressThatIsNotOne() {
    assertRefused("PROXY TCP6 not-an-address ::1 1 80\r\n");
    assertRefused("PROXY TCP4 192.0.2.256 192.0.2.1 1 80\r\n");
  }

  @Test
  void refusesAnUnknownProtocol() {
    assertRefused("PROXY UDP4 192.0.2.1 192.0.2.2 1 80\r\n");
    assertRefused("PROXY tcp6 fc00:dead:beef:4dad::1 ::1 1 80\r\n");
  }

  @Test
  void refusesALoneLineFeedOrOtherControlBytesInTheLine() {
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 1 80\nGET / HTTP/1.1\r\n");
    assertRefused("PROXY TCP6 fc00:dead:beef:4dad::1 ::1 1\t80\r\n");
  }
}

package io.rvnt.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spec §9's receive and idle timeouts on the EmbeddedChannel's own clock: no real time passes. */
class ReceiveDeadlineTest {
  final ReceiveDeadline deadline = new ReceiveDeadline(Duration.ofSeconds(10), Duration.ofSeconds(60));
  final EmbeddedChannel channel = newChannel();

  private EmbeddedChannel newChannel() {
    EmbeddedChannel embedded = new EmbeddedChannel();
    embedded.freezeTime();
    embedded.pipeline().addLast(deadline);
    embedded.pipeline().fireChannelActive();
    return embedded;
  }

  private void elapse(long seconds) {
    channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
  }

  private void receive(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    channel.releaseInbound();
  }

  @Test
  void closesAConnectionThatDeliversNoWholeRequestInTime() {
    elapse(9);
    assertThat(channel.isOpen()).as("still within 10 s").isTrue();
    receive("GET /v1/par");
    elapse(2);
    assertThat(channel.isOpen()).as("trickling bytes does not extend the deadline").isFalse();
  }

  @Test
  void noDeadlineWhileTheServerWorks() {
    receive("GET /v1/params HTTP/1.1\r\n\r\n");
    deadline.requestReceived();
    elapse(600);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void idleKeepAliveConnectionsCloseAfterTheIdleTimeout() {
    deadline.requestReceived();
    deadline.responseSent();
    elapse(59);
    assertThat(channel.isOpen()).as("idle for 59 s").isTrue();
    elapse(2);
    assertThat(channel.isOpen()).as("idle for 61 s").isFalse();
  }

  @Test
  void theNextRequestsFirstByteStartsANewReceiveDeadline() {
    deadline.requestReceived();
    deadline.responseSent();
    elapse(30);
    receive("G");
    elapse(9);
    assertThat(channel.isOpen()).as("9 s into the second request").isTrue();
    elapse(2);
    assertThat(channel.isOpen()).as("11 s into the second request").isFalse();
  }

  @Test
  void bytesPipelinedDuringWorkAreOnTheReceiveClockAfterTheResponse() {
    deadline.requestReceived();
    receive("GET /v1/params HTTP/1.1\r\nHo");
    deadline.responseSent();
    elapse(11);
    assertThat(channel.isOpen()).as("receive timeout, not the idle one").isFalse();
  }
}

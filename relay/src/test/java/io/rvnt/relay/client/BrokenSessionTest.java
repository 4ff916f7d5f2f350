package io.rvnt.relay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session that lost the order of its answers must not hang, nor match later answers to the wrong requests: it
 * fails what waits, with the reason, and every later request at once. The "relay" here is a host that answers each
 * request with bytes that are no Response, or not at all.
 */
class BrokenSessionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final P2pHost fake = host();
  // Its own host, so that the short answer timeout below is not also the handshake's on a busy machine.
  private final P2pHost clientHost = host();

  @AfterEach
  void stop() throws Exception {
    clientHost.close().get(30, TimeUnit.SECONDS);
    fake.close().get(30, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerThatIsNoResponseFailsTheRequestAndEveryLaterOneAtOnce() throws Exception {
    Multiaddr address = serve(true);
    RelaySession session = new RelayClient(clientHost, TIMEOUT).connect(address);

    assertThatThrownBy(session::hello).as("the unparsable answer is the request's error")
        .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.status()).isEqualTo(RelayStatus.MALFORMED));
    assertThat(session.failure()).as("the session knows it is broken").isNotNull();
    long started = System.nanoTime();
    assertThatThrownBy(() -> session.deposit(new byte[16], new byte[1024]))
        .as("a later request fails with the first cause").isInstanceOf(RelayException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("at once, not after the timeout")
        .isLessThan(TIMEOUT.dividedBy(2));
  }

  @Test
  void aRequestUnansweredInTimeBreaksTheSessionSoNoLaterAnswerIsMatchedToIt() throws Exception {
    Multiaddr address = serve(false);
    clientHost.dial(address).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // the handshake, with the long timeout
    RelaySession session = new RelayClient(clientHost, SHORT_TIMEOUT).connect(address);

    assertThatThrownBy(session::hello).as("no answer within the timeout")
        .isInstanceOf(IOException.class).hasMessageContaining("did not answer");
    assertThatThrownBy(session::hello).as("the session stays broken: a late answer would belong to the first hello")
        .isInstanceOf(IOException.class).hasMessageContaining("did not answer");
    assertThat(session.depositAsync(new byte[16], new byte[1024])).as("a pipelined request fails too")
        .isCompletedExceptionally();
  }

  /** Listens on loopback; answers every request with a framed non-Response ({@code garbage}) or never. */
  private Multiaddr serve(boolean garbage) throws Exception {
    fake.addProtocol(RelayCodec.PROTOCOL_ID, stream -> {
      LengthPrefixedReader reader = new LengthPrefixedReader(stream.alloc(), RelayCodec.MAX_RESPONSE_BYTES);
      stream.setHandler(new StreamHandler() {
        @Override
        public void onData(ByteBuf data) {
          reader.add(data);
          while (reader.next() != null) {
            if (garbage) {
              // Field 1 with wire type 7, which does not exist: no protobuf parser accepts it.
              stream.write(LengthPrefixedReader.frame(stream.alloc(), new byte[] {0x0f, 0x01, 0x02}));
            }
          }
        }

        @Override
        public void onClosed(Throwable cause) {
          reader.release();
        }
      });
      return null;
    });
    Multiaddr listening = fake.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(30, TimeUnit.SECONDS);
    return Multiaddr.parse(listening + "/p2p/" + fake.peerId().toBase58());
  }

  private P2pHost host() {
    PrivKey key = Keys.generateEd25519(new SecureRandom());
    P2pLimits limits = P2pLimits.DEFAULTS.withHandshakeTimeout(TIMEOUT);
    return new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group)));
  }
}

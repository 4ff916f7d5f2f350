package io.rvnt.p2p.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PingTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static EventLoopGroup group;

  @BeforeAll
  static void start() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static P2pHost host() {
    PrivKey key = Keys.generateEd25519(RANDOM);
    return new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
  }

  @Test
  void aWrongEchoFailsThePingAndEndsTheStream() throws Exception {
    P2pHost server = host();
    P2pHost client = host();
    try {
      // A responder that flips every byte it echoes.
      server.addProtocol(Ping.PROTOCOL_ID, stream -> {
        stream.setHandler(data -> {
          for (int i = data.readerIndex(); i < data.writerIndex(); i++) {
            data.setByte(i, ~data.getByte(i));
          }
          stream.write(data);
        });
        return null;
      });
      Multiaddr address = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS)
          .withPeerId(server.peerId().multihash());
      Connection c = client.dial(address).get(10, TimeUnit.SECONDS);
      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> ping.ping().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
      assertThatThrownBy(() -> ping.ping().get(10, TimeUnit.SECONDS)).as("the stream is over")
          .isInstanceOf(ExecutionException.class);
    } finally {
      client.close().get(10, TimeUnit.SECONDS);
      server.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theResponderEchoesSplitPayloadsWhole() throws Exception {
    P2pHost server = host();
    P2pHost client = host();
    try {
      server.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
      Multiaddr address = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS)
          .withPeerId(server.peerId().multihash());
      Connection c = client.dial(address).get(10, TimeUnit.SECONDS);
      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        assertThat(ping.ping().get(10, TimeUnit.SECONDS)).isPositive();
      }
      ping.close().get(10, TimeUnit.SECONDS);
    } finally {
      client.close().get(10, TimeUnit.SECONDS);
      server.close().get(10, TimeUnit.SECONDS);
    }
  }

}

package io.rvnt.p2p.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentifyTest {

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

  /** A responder that answers with {@code info}, whatever it says. */
  private static void answerWith(P2pHost server, IdentifyInfo info) {
    server.addProtocol(Identify.PROTOCOL_ID, stream -> {
      stream.setHandler(ByteBuf::release);
      stream.write(LengthPrefixedReader.frame(stream.alloc(), info.encode()));
      stream.closeWrite();
      return null;
    });
  }

  private static Throwable identifyFailure(P2pHost server) throws Exception {
    P2pHost client = host();
    try {
      Multiaddr address = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS)
          .withPeerId(server.peerId().multihash());
      Connection c = client.dial(address).get(10, TimeUnit.SECONDS);
      Identify identify = new Identify(client, client.peerId().publicKey().orElseThrow(), "x", P2pLimits.DEFAULTS);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> identify.identify(c).get(10, TimeUnit.SECONDS));
      return e.getCause();
    } finally {
      client.close().get(10, TimeUnit.SECONDS);
      server.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesAnIdentifyWhoseKeyIsNotThePeers() throws Exception {
    P2pHost server = host();
    answerWith(server, new IdentifyInfo(Optional.of(Keys.generateEd25519(RANDOM).publicKey()), List.of(), List.of(),
        Optional.empty(), IdentifyInfo.PROTOCOL_VERSION, "impostor"));
    assertThat(identifyFailure(server)).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void refusesAStreamThatEndsWithoutAMessage() throws Exception {
    P2pHost server = host();
    server.addProtocol(Identify.PROTOCOL_ID, stream -> {
      stream.setHandler(ByteBuf::release);
      stream.closeWrite();
      return null;
    });
    assertThat(identifyFailure(server)).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void acceptsAnIdentifyWithoutAKeyAsJsPushesAreSent() {
    IdentifyInfo info = new IdentifyInfo(Optional.empty(), List.of(), List.of("/a"), Optional.empty(), "", "");
    assertThat(IdentifyInfo.decode(info.encode()).publicKey()).isEmpty();
    assertThatThrownBy(() -> IdentifyInfo.decode(new byte[] {(byte) 0xff})).isInstanceOf(P2pException.class);
  }
}

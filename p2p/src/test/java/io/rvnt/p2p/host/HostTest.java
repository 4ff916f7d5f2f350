package io.rvnt.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static EventLoopGroup group;

  @BeforeAll
  static void start() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  static P2pHost host(P2pLimits limits) {
    PrivKey key = Keys.generateEd25519(RANDOM);
    P2pHost host = new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group)));
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    new Identify(host, key.publicKey(), "rvnt-test", P2pLimits.DEFAULTS).register();
    return host;
  }

  static Multiaddr listen(P2pHost host) throws Exception {
    return host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS)
        .withPeerId(host.peerId().multihash());
  }

  @Test
  void twoJavaHostsConnectPingIdentifyAndEcho() throws Exception {
    P2pHost a = host(P2pLimits.DEFAULTS);
    P2pHost b = host(P2pLimits.DEFAULTS);
    try {
      Multiaddr bAddr = listen(b);
      Connection c = a.dial(bAddr).get(10, TimeUnit.SECONDS);
      assertThat(c.remotePeerId()).as("the dialer sees the PeerId it dialed").isEqualTo(b.peerId());

      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM)).get(10, TimeUnit.SECONDS);
      assertThat(ping.ping().get(10, TimeUnit.SECONDS)).isPositive();
      assertThat(ping.ping().get(10, TimeUnit.SECONDS)).as("a second ping on the same stream").isPositive();

      IdentifyInfo info = new Identify(a, null, "x", P2pLimits.DEFAULTS).identify(c)
          .get(10, TimeUnit.SECONDS);
      assertThat(info.protocols()).contains(Ping.PROTOCOL_ID, Echo.PROTOCOL_ID, Identify.PROTOCOL_ID);
      assertThat(info.listenAddrs()).containsExactly(bAddr.withoutPeerId());
      assertThat(info.agentVersion()).isEqualTo("rvnt-test");

      byte[] big = new byte[4 << 20];
      RANDOM.nextBytes(big);
      assertThat(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(big)).get(10, TimeUnit.SECONDS)
          .get(30, TimeUnit.SECONDS)).as("a 4 MiB echo comes back intact").isEqualTo(Echo.sha256(big));

      List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
      byte[] small = new byte[100_000];
      RANDOM.nextBytes(small);
      for (int i = 0; i < 50; i++) {
        echoes.add(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(small)).thenCompose(f -> f));
      }
      for (CompletableFuture<byte[]> e : echoes) {
        assertThat(e.get(30, TimeUnit.SECONDS)).isEqualTo(Echo.sha256(small));
      }
    } finally {
      a.close().get(10, TimeUnit.SECONDS);
      b.close().get(10, TimeUnit.SECONDS);
    }
  }
}

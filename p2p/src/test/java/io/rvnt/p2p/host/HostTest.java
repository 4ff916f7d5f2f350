package io.rvnt.p2p.host;

import static io.rvnt.p2p.host.TcpHosts.DEADLINE_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.dns.DnsaddrLimits;
import io.rvnt.p2p.dns.RecursiveDnsaddrResolver;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.identify.IdentifyInfo;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.ping.PingController;
import io.rvnt.p2p.security.noise.ChaChaPoly;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HostTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @RegisterExtension
  static final TcpHosts TCP = new TcpHosts(2);

  static P2pHost host(P2pLimits limits) {
    return host(limits, ChaChaPoly.preferred());
  }

  static P2pHost host(P2pLimits limits, ChaChaPoly aead) {
    P2pHost host = TCP.host(limits, aead);
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    new Identify(host, host.peerId().publicKey().orElseThrow(), "rvnt-test", P2pLimits.DEFAULTS).register();
    return host;
  }

  /** Both ChaCha20-Poly1305 implementations of Noise; Conscrypt must load on this project's platform. */
  static Stream<ChaChaPoly> aeads() {
    return Stream.of(ChaChaPoly.JDK, ChaChaPoly.conscrypt().orElseThrow());
  }

  @ParameterizedTest(name = "Noise on {0}")
  @MethodSource("aeads")
  void twoJavaHostsConnectPingIdentifyAndEcho(ChaChaPoly aead) throws Exception {
    P2pHost a = host(P2pLimits.DEFAULTS, aead);
    P2pHost b = host(P2pLimits.DEFAULTS, aead);
    try {
      Multiaddr bAddr = TcpHosts.listen(b);
      Connection c = a.dial(bAddr).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThat(c.remotePeerId()).as("the dialer sees the PeerId it dialed").isEqualTo(b.peerId());

      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThat(ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isPositive();
      assertThat(ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .as("a second ping on the same stream").isPositive();

      IdentifyInfo info = new Identify(a, null, "x", P2pLimits.DEFAULTS).identify(c)
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThat(info.protocols()).contains(Ping.PROTOCOL_ID, Echo.PROTOCOL_ID, Identify.PROTOCOL_ID);
      assertThat(info.listenAddrs()).containsExactly(bAddr.withoutPeerId());
      assertThat(info.agentVersion()).isEqualTo("rvnt-test");

      byte[] big = new byte[4 << 20];
      RANDOM.nextBytes(big);
      assertThat(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(big)).get(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("a 4 MiB echo comes back intact").isEqualTo(Echo.sha256(big));

      List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
      byte[] small = new byte[100_000];
      RANDOM.nextBytes(small);
      for (int i = 0; i < 50; i++) {
        echoes.add(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(small)).thenCompose(f -> f));
      }
      for (CompletableFuture<byte[]> e : echoes) {
        assertThat(e.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(Echo.sha256(small));
      }
    } finally {
      a.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      b.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Many connections on both event loops, each with many streams echoing at once: frames of different connections
   * are encrypted and decrypted at the same time on different threads, in buffers from one pooled allocator.
   */
  @ParameterizedTest(name = "Noise on {0}")
  @MethodSource("aeads")
  void concurrentEchoesOnManyConnectionsComeBackIntact(ChaChaPoly aead) throws Exception {
    int dialers = 4;
    int streamsEach = 8;
    P2pHost server = host(P2pLimits.DEFAULTS, aead);
    List<P2pHost> clients = new ArrayList<>();
    try {
      Multiaddr address = TcpHosts.listen(server);
      byte[] payload = new byte[512 << 10];
      RANDOM.nextBytes(payload);
      List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
      for (int i = 0; i < dialers; i++) {
        P2pHost client = host(P2pLimits.DEFAULTS, aead);
        clients.add(client);
        Connection c = client.dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        for (int s = 0; s < streamsEach; s++) {
          echoes.add(c.newStream(List.of(Echo.PROTOCOL_ID), Echo.sending(payload)).thenCompose(f -> f));
        }
      }
      byte[] expected = Echo.sha256(payload);
      for (int i = 0; i < echoes.size(); i++) {
        assertThat(echoes.get(i).get(DEADLINE_SECONDS, TimeUnit.SECONDS))
            .as("echo %d of %d (512 KiB, %d connections with %d streams each) comes back intact", i,
                echoes.size(), dialers, streamsEach)
            .isEqualTo(expected);
      }
    } finally {
      for (P2pHost client : clients) {
        client.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      }
      server.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void dialsDnsAddressesThroughTheResolverOffTheEventLoop() throws Exception {
    ExecutorService resolver = Executors.newSingleThreadExecutor();
    PrivKey key = Keys.generateEd25519(RANDOM);
    P2pHost a = new P2pHost(key, P2pLimits.DEFAULTS,
        List.of(new TcpTransport(key, P2pLimits.DEFAULTS, TCP.group(), resolver)));
    P2pHost b = host(P2pLimits.DEFAULTS);
    try {
      Multiaddr bAddr = TcpHosts.listen(b);
      String port = bAddr.valueText(MultiaddrProtocol.TCP).orElseThrow();
      Multiaddr byName = Multiaddr.parse("/dns4/localhost/tcp/" + port).withPeerId(b.peerId().multihash());
      assertThat(a.dial(byName).get(DEADLINE_SECONDS, TimeUnit.SECONDS).remotePeerId()).isEqualTo(b.peerId());
    } finally {
      a.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      b.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      resolver.shutdownNow();
    }
  }

  @Test
  void dialsADnsaddrAddressThroughTheRecordsOfItsPeerIdInOrder() throws Exception {
    P2pHost b = host(P2pLimits.DEFAULTS);
    PeerId someone = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    try {
      Multiaddr bAddr = TcpHosts.listen(b);
      String bId = b.peerId().toBase58();
      // A dead address of b first, then an address of another peer, then b's real one.
      List<String> records = List.of("dnsaddr=/ip4/127.0.0.1/tcp/1/p2p/" + bId,
          "dnsaddr=" + bAddr.withPeerId(someone.multihash()), "dnsaddr=" + bAddr);
      RecursiveDnsaddrResolver resolver = new RecursiveDnsaddrResolver(
          name -> CompletableFuture.completedFuture(name.equals("_dnsaddr.boot.test") ? records : List.of()),
          DnsaddrLimits.DEFAULTS);
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pHost a = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS,
          TCP.group())), resolver);
      try {
        assertThat(a.resolve(Multiaddr.parse("/dnsaddr/boot.test")).get(10, TimeUnit.SECONDS))
            .as("resolve lists every record").hasSize(3);
        Connection c = a.dial(Multiaddr.parse("/dnsaddr/boot.test/p2p/" + bId)).get(10, TimeUnit.SECONDS);
        assertThat(c.remotePeerId()).as("the dial reached b past its dead address").isEqualTo(b.peerId());
        CompletableFuture<Connection> noPeerId = a.dial(Multiaddr.parse("/dnsaddr/boot.test"));
        assertThatThrownBy(() -> noPeerId.get(10, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(P2pException.class,
                e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.UNSUPPORTED_ADDRESS));
      } finally {
        a.close().get(10, TimeUnit.SECONDS);
      }
    } finally {
      b.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesDnsaddrAddressesWithoutAResolver() throws Exception {
    P2pHost a = host(P2pLimits.DEFAULTS);
    try {
      PeerId someone = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
      CompletableFuture<Connection> dial =
          a.dial(Multiaddr.parse("/dnsaddr/boot.test").withPeerId(someone.multihash()));
      assertThatThrownBy(() -> dial.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(P2pException.class,
          e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.UNSUPPORTED_ADDRESS));
    } finally {
      a.close().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesDnsAddressesWithoutAResolver() throws Exception {
    P2pHost a = host(P2pLimits.DEFAULTS);
    try {
      PeerId someone = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
      CompletableFuture<Connection> dial =
          a.dial(Multiaddr.parse("/dns4/localhost/tcp/1").withPeerId(someone.multihash()));
      assertThatThrownBy(() -> dial.get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .cause().isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.UNSUPPORTED_ADDRESS));
    } finally {
      a.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }
}

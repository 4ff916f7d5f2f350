package io.rvnt.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.discovery.mdns.MdnsException.Reason;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mDNS socket's handler fed datagrams one malformed kind at a time: each is ignored (no peer handed on, no
 * answer sent), counted by its reason, and the next good packet is still served.
 */
class MdnsBadInputTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final InetSocketAddress GROUP = new InetSocketAddress(MdnsService.GROUP_V4, MdnsService.PORT);
  private static final InetSocketAddress NEIGHBOUR = address("10.77.0.2", MdnsService.PORT);

  private final PeerId self = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  private final PeerId other = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  private final PeerId third = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  private final LanLink link = new LanLink("test0", null, List.of(
      new LanLink.Subnet(ip("10.77.0.1"), 24)));
  private final MdnsMetrics metrics = new MdnsMetrics();
  private final List<LanPeer> found = new ArrayList<>();
  private final String peerName = PeerName.random(RANDOM);
  private final EmbeddedChannel channel = channel(MdnsConfig.DEFAULTS,
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void aGoodAnswerHandsOnThePeerWithItsOnLinkAddressesOnly() throws Exception {
    receive(answer("js-peer", other, "/ip4/10.77.0.2/tcp/4001", "/ip4/127.0.0.1/tcp/4001",
        "/ip4/8.8.8.8/tcp/4001", "/ip4/10.77.0.2/udp/4001/quic-v1", "/ip4/10.77.0.2/tcp/4002/ws"));
    assertThat(found).as("the peer is handed on once").hasSize(1);
    assertThat(found.get(0).peer()).isEqualTo(other);
    assertThat(found.get(0).addresses()).as("loopback, public and unknown transports are dropped")
        .extracting(Multiaddr::toString).containsExactly(
            "/ip4/10.77.0.2/tcp/4001/p2p/" + other.toBase58(),
            "/ip4/10.77.0.2/udp/4001/quic-v1/p2p/" + other.toBase58());
    assertThat(metrics.counters().get("mdns_addresses_ignored")).isEqualTo(3);
  }

  @Test
  void aQueryForAllPeersGetsThePtrAndOneTxtPerLanAddress() throws Exception {
    receive(new DnsCodec(DnsLimits.DEFAULTS).encode(DnsMessage.query(List.of(
        DnsQuestion.of(PeerAnnouncer.SERVICE, DnsRecord.TYPE_PTR)))));
    DatagramPacket sent = channel.readOutbound();
    assertThat(sent).as("one answer, multicast to the group").isNotNull();
    assertThat(sent.recipient()).isEqualTo(GROUP);
    DnsMessage answer = new DnsCodec(DnsLimits.DEFAULTS).decode(ByteBufUtil.getBytes(sent.content()));
    sent.release();
    assertThat(answer.answers()).singleElement().satisfies(r -> assertThat(
        ((DnsRecord.Ptr) r.data()).target()).isEqualTo(PeerAnnouncer.SERVICE.prepend(peerName)));
    assertThat(answer.additionals()).extracting(r -> new String(((DnsRecord.Txt) r.data()).strings().get(0),
        StandardCharsets.UTF_8)).as("the LAN address only, never loopback").containsExactly(
            "dnsaddr=/ip4/10.77.0.1/tcp/4001/p2p/" + self.toBase58());
  }

  @Test
  void malformedPacketsAreIgnoredAndCountedByReason() {
    receive(new byte[5]);
    receive(DnsCodecTest.header(0, 1, 0, 0, 0).pointer(12).u16(12).u16(1).bytes());
    receive(DnsCodecTest.header(0x8400, 0, 200, 0, 0).bytes());
    assertThat(metrics.refused(Reason.TRUNCATED)).isEqualTo(1);
    assertThat(metrics.refused(Reason.COMPRESSION_LOOP)).isEqualTo(1);
    assertThat(metrics.refused(Reason.TOO_MANY_RECORDS)).isEqualTo(1);
    assertNothingHappened();
    stillServesAGoodAnswer();
  }

  @Test
  void aHugePacketIsRefusedBeforeItIsRead() {
    receive(new byte[DnsLimits.DEFAULTS.maxPacketBytes() + 1]);
    assertThat(metrics.refused(Reason.TOO_LARGE)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void aHugeTxtRecordIsRefused() throws Exception {
    List<byte[]> strings = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      strings.add(("dnsaddr=/ip4/10.77.0.2/tcp/" + (4000 + i) + "/p2p/" + other.toBase58() + "/" + "x".repeat(150))
          .getBytes(StandardCharsets.UTF_8));
    }
    DnsName instance = PeerAnnouncer.SERVICE.prepend("huge");
    receive(new DnsCodec(new DnsLimits(9000, 64, 65_535)).encode(DnsMessage.response(
        List.of(DnsRecord.of(PeerAnnouncer.SERVICE, false, 120, new DnsRecord.Ptr(instance))),
        List.of(DnsRecord.of(instance, false, 120, new DnsRecord.Txt(strings))))));
    assertThat(metrics.refused(Reason.TXT_TOO_LARGE)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void anAnswerNamingTwoPeerIdsIsRefusedWhole() throws Exception {
    receive(new DnsCodec(DnsLimits.DEFAULTS).encode(response("mixed", List.of(
        "dnsaddr=/ip4/10.77.0.2/tcp/4001/p2p/" + other.toBase58(),
        "dnsaddr=/ip4/10.77.0.3/tcp/4001/p2p/" + third.toBase58()))));
    assertThat(metrics.refused(Reason.MIXED_PEER_IDS)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void anAnswerWithOnlyUnroutableAddressesIsRefused() throws Exception {
    receive(answer("far", other, "/ip4/127.0.0.1/tcp/4001", "/ip4/93.184.216.34/tcp/4001",
        "/ip4/10.78.0.2/tcp/4001", "/ip6/::1/tcp/4001"));
    assertThat(metrics.refused(Reason.NO_USABLE_ADDRESS)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void anAnswerWithoutAPeerIdOrWithGarbageLinesIsRefused() throws Exception {
    receive(new DnsCodec(DnsLimits.DEFAULTS).encode(response("noid", List.of("dnsaddr=/ip4/10.77.0.2/tcp/1"))));
    receive(new DnsCodec(DnsLimits.DEFAULTS).encode(response("junk", List.of("dnsaddr=not a multiaddr"))));
    receive(new DnsCodec(DnsLimits.DEFAULTS).encode(response("none", List.of("hello=world"))));
    assertThat(metrics.refused(Reason.BAD_ANNOUNCEMENT)).isEqualTo(2);
    assertThat(metrics.refused(Reason.NO_USABLE_ADDRESS)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void aPacketFromOffTheLinkIsRefused() throws Exception {
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(answer("off", other, "/ip4/10.77.0.2/tcp/1")),
        GROUP, address("192.0.2.7", MdnsService.PORT)));
    assertThat(metrics.refused(Reason.OFF_LINK_SOURCE)).isEqualTo(1);
    assertNothingHappened();
  }

  @Test
  void thisNodesOwnAnswerHeardBackIsNotAPeer() throws Exception {
    receive(answer(peerName, other, "/ip4/10.77.0.2/tcp/4001"));
    receive(answer("same-key-elsewhere", self, "/ip4/10.77.0.2/tcp/4001"));
    assertNothingHappened();
    assertThat(metrics.counters()).as("own answers are not refusals").allSatisfy((name, n) -> {
      if (name.startsWith("mdns_refused_")) {
        assertThat(n).as(name).isZero();
      }
    });
  }

  @Test
  void answersToAFloodOfQueriesAreSentAtMostOncePerSecond() throws Exception {
    byte[] query = new DnsCodec(DnsLimits.DEFAULTS).encode(DnsMessage.query(List.of(
        DnsQuestion.of(PeerAnnouncer.SERVICE, DnsRecord.TYPE_PTR))));
    for (int i = 0; i < 100; i++) {
      receive(query);
    }
    assertThat(channel.outboundMessages()).as("one answer within the second").hasSize(1);
    assertThat(metrics.counters().get("mdns_answers_suppressed")).isEqualTo(99);
  }

  @Test
  void withAnnouncingOffAQueryGetsNoAnswer() throws Exception {
    EmbeddedChannel quiet = channel(MdnsConfig.DEFAULTS.withAnnounce(false), Clock.systemUTC());
    quiet.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new DnsCodec(DnsLimits.DEFAULTS).encode(
        DnsMessage.query(List.of(DnsQuestion.of(PeerAnnouncer.SERVICE, DnsRecord.TYPE_PTR))))), GROUP, NEIGHBOUR));
    assertThat(quiet.outboundMessages()).as("a quiet node never answers").isEmpty();
    quiet.finishAndReleaseAll();
  }

  private void stillServesAGoodAnswer() {
    try {
      receive(answer("after", other, "/ip4/10.77.0.2/tcp/4001"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(found).as("a good answer after bad ones still works").hasSize(1);
  }

  private void assertNothingHappened() {
    assertThat(found).as("no peer is handed on").isEmpty();
    assertThat(channel.outboundMessages()).as("nothing is sent").isEmpty();
  }

  private EmbeddedChannel channel(MdnsConfig config, Clock clock) {
    Multiaddr suffix = Multiaddr.of(List.of(new Multiaddr.Component(MultiaddrProtocol.P2P,
        self.multihash().bytes())));
    List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"), Multiaddr.parse("/ip4/127.0.0.1/tcp/5"));
    PeerAnnouncer announcer = new PeerAnnouncer(peerName, () -> listen, suffix, config);
    PeerDiscoverer discoverer = new PeerDiscoverer(peerName, self, config, metrics, found::add);
    MdnsEngine engine = new MdnsEngine(config, List.of(link), List.of(announcer), List.of(discoverer), metrics,
        clock);
    return new EmbeddedChannel(new MdnsPacketHandler(engine, link, GROUP, metrics));
  }

  private void receive(byte[] packet) {
    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(packet), GROUP, NEIGHBOUR));
  }

  private static byte[] answer(String name, PeerId peer, String... addresses) throws MdnsException {
    List<String> lines = new ArrayList<>();
    for (String a : addresses) {
      lines.add("dnsaddr=" + a + "/p2p/" + peer.toBase58());
    }
    return new DnsCodec(DnsLimits.DEFAULTS).encode(response(name, lines));
  }

  /** As js-libp2p sends it: the PTR and one TXT per address, all among the answers. */
  private static DnsMessage response(String name, List<String> lines) {
    DnsName instance = PeerAnnouncer.SERVICE.prepend(name);
    List<DnsRecord> answers = new ArrayList<>();
    answers.add(DnsRecord.of(PeerAnnouncer.SERVICE, false, 120, new DnsRecord.Ptr(instance)));
    for (String l : lines) {
      answers.add(DnsRecord.of(instance, false, 120, new DnsRecord.Txt(List.of(l.getBytes(StandardCharsets.UTF_8)))));
    }
    return DnsMessage.response(answers, List.of());
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetSocketAddress address(String literal, int port) {
    return new InetSocketAddress(ip(literal), port);
  }

  static Map<String, Long> counters(MdnsMetrics m) {
    return m.counters();
  }
}

package io.rvnt.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.PresenceRecordValidator;
import io.rvnt.dht.record.PresenceRecords;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.UnsignedVarint;
import io.rvnt.protocol.kad.Message;
import io.rvnt.protocol.kad.Record;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a DHT server node: each kind is refused or limited (the offending stream is reset, nothing is
 * stored), and the node keeps serving an honest peer afterwards.
 */
class KadBadInputTest {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 120;

  private static final SecureRandom RANDOM = new SecureRandom();
  /** A request may take this long on a busy machine before the DHT gives up on it. */
  private static final DhtConfig CONFIG = DhtConfig.DEFAULTS.withRequestTimeout(Duration.ofSeconds(30))
      .withRequestRate(5, 10);

  private EventLoopGroup group;
  private ScheduledExecutorService scheduler;
  private TestNode server;
  private TestNode attacker;
  private TestNode honest;
  private Connection attack;

  /** What came back on one raw stream: the responses, and why it closed (null for a clean close). */
  private record Outcome(List<byte[]> responses, Throwable closedBy) {
    /** Whether the server reset the stream, rather than closing it cleanly or losing the connection. */
    boolean reset() {
      return closedBy instanceof P2pException e && e.reason() == P2pException.Reason.STREAM_RESET;
    }
  }

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    scheduler = Executors.newScheduledThreadPool(2);
    server = node();
    attacker = node();
    honest = node();
    assertThat(honest.dht.bootstrap(List.of(server.address)).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    attack = attacker.host.dial(server.address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (TestNode n : new TestNode[] {honest, attacker, server}) {
      n.close();
    }
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void refusesBytesThatAreNotAKademliaMessage() throws Exception {
    assertRefused(frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}),
        DhtException.Reason.MALFORMED_MESSAGE);
  }

  @Test
  void refusesAnUnknownMessageType() throws Exception {
    byte[] message = Message.newBuilder().setTypeValue(42).setKey(ByteString.copyFromUtf8("k")).build()
        .toByteArray();
    assertRefused(frame(message), DhtException.Reason.MALFORMED_MESSAGE);
  }

  @Test
  void refusesARequestWithoutAKey() throws Exception {
    byte[] message = Message.newBuilder().setType(Message.MessageType.FIND_NODE).build().toByteArray();
    assertRefused(frame(message), DhtException.Reason.MALFORMED_MESSAGE);
  }

  @Test
  void refusesAMessageAnnouncedAboveTheSizeLimitBeforeReadingIt() throws Exception {
    ByteBuf header = Unpooled.buffer();
    UnsignedVarint.write(CONFIG.maxMessageBytes() + 1L, header);
    byte[] bytes = new byte[header.readableBytes() + 100];
    header.readBytes(bytes, 0, header.readableBytes());
    header.release();
    assertRefused(bytes, DhtException.Reason.TOO_LARGE);
  }

  @Test
  void refusesAnOversizedRecordAndStoresNothing() throws Exception {
    byte[] key = "/test/big".getBytes();
    byte[] message = Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(ByteString.copyFrom(key))
        .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key))
            .setValue(ByteString.copyFrom(new byte[CONFIG.maxValueBytes() + 1])))
        .build().toByteArray();
    assertRefused(frame(message), DhtException.Reason.TOO_LARGE);
    assertThat(server.dht.storedRecords()).as("nothing stored").isZero();
  }

  @Test
  void refusesAForgedPresenceRecord() throws Exception {
    PrivKey victim = Keys.generateEd25519(RANDOM);
    PrivKey forger = Keys.generateEd25519(RANDOM);
    byte[] forged = PresenceRecords.sign(forger, List.of(), 1, Instant.now().plusSeconds(3600));
    // The forger's record, filed under the victim's key.
    byte[] key = PresenceRecordValidator.key(io.rvnt.p2p.crypto.PeerId.fromPublicKey(victim.publicKey()));
    assertRefused(frame(put(key, forged)), DhtException.Reason.INVALID_RECORD);
    assertThat(server.dht.storedRecords()).as("a forged record is not stored").isZero();
  }

  @Test
  void refusesAnExpiredPresenceRecord() throws Exception {
    PrivKey peer = Keys.generateEd25519(RANDOM);
    byte[] stale = PresenceRecords.sign(peer, List.of(), 1, Instant.now().minusSeconds(1));
    byte[] key = PresenceRecordValidator.key(io.rvnt.p2p.crypto.PeerId.fromPublicKey(peer.publicKey()));
    assertRefused(frame(put(key, stale)), DhtException.Reason.INVALID_RECORD);
    assertThat(server.dht.storedRecords()).as("an expired record is not stored").isZero();
  }

  @Test
  void limitsAPeerFloodingQueriesAndKeepsServingOthers() throws Exception {
    byte[] findNode = new io.rvnt.dht.wire.KadCodec(256, 1024, 40, 16)
        .encode(KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1, 2, 3}));
    ByteBuf flood = Unpooled.buffer();
    int requests = 10 * CONFIG.requestBurst();
    for (int i = 0; i < requests; i++) {
      flood.writeBytes(frame(findNode));
    }
    byte[] bytes = new byte[flood.readableBytes()];
    flood.readBytes(bytes);
    flood.release();
    Outcome outcome = send(bytes);
    assertThat(outcome.reset()).as("the flooding stream is reset, not the connection lost: %s", outcome.closedBy())
        .isTrue();
    // The burst, plus what the rate refills while the flood is read (well under a second on loopback).
    assertThat(outcome.responses().size()).as("no more answers than the burst and rate allow")
        .isLessThanOrEqualTo(CONFIG.requestBurst() + CONFIG.requestsPerSecond());
    assertThat(server.dht.metrics().refused(DhtException.Reason.RATE_LIMITED)).isPositive();
    assertHonestPeerIsServed();
  }

  private void assertRefused(byte[] bytes, DhtException.Reason reason) throws Exception {
    Outcome outcome = send(bytes);
    assertThat(outcome.reset()).as("the server resets a stream that sent bad input: %s", outcome.closedBy())
        .isTrue();
    assertThat(outcome.responses()).as("and answers nothing on it").isEmpty();
    assertThat(server.dht.metrics().refused(reason)).as("the refusal is counted as " + reason).isEqualTo(1);
    assertHonestPeerIsServed();
  }

  private void assertHonestPeerIsServed() throws Exception {
    long servedBefore = server.dht.metrics().served(KadMessage.Type.FIND_NODE);
    KadMessage answer = honest.dht.ask(server.info(), KadMessage.request(KadMessage.Type.FIND_NODE,
        honest.host.peerId().bytes())).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(answer.type()).as("the node keeps serving others: an answer to the honest FIND_NODE")
        .isEqualTo(KadMessage.Type.FIND_NODE);
    assertThat(server.dht.metrics().served(KadMessage.Type.FIND_NODE)).as("served and counted")
        .isGreaterThan(servedBefore);
  }

  private Outcome send(byte[] bytes) throws Exception {
    ProtocolHandler<CompletableFuture<Outcome>> raw = stream -> {
      CompletableFuture<Outcome> done = new CompletableFuture<>();
      List<byte[]> responses = new ArrayList<>();
      LengthPrefixedReader reader = new LengthPrefixedReader(stream.alloc(), 1 << 20);
      stream.setHandler(new StreamHandler() {
        @Override
        public void onData(ByteBuf data) {
          reader.add(data);
          byte[] m;
          while ((m = reader.next()) != null) {
            responses.add(m);
          }
        }

        @Override
        public void onClosed(Throwable cause) {
          reader.release();
          done.complete(new Outcome(responses, cause));
        }
      });
      stream.write(Unpooled.wrappedBuffer(bytes));
      return done;
    };
    return attack.newStream(List.of(CONFIG.protocolId()), raw).thenCompose(f -> f)
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static byte[] put(byte[] key, byte[] value) {
    return Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(ByteString.copyFrom(key))
        .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)))
        .build().toByteArray();
  }

  private static byte[] frame(byte[] message) {
    ByteBuf b = LengthPrefixedReader.frame(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, message);
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  private TestNode node() throws Exception {
    return TestNode.start(Keys.generateEd25519(RANDOM), group, scheduler, CONFIG, new InMemoryRecordStore(),
        Validators.rvntDefault(), "/ip4/127.0.0.1/tcp/0");
  }

}

package io.rvnt.app.bootstrap;

import io.netty.channel.EventLoopGroup;
import io.rvnt.dht.Dht;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.PeerInfo;
import io.rvnt.dht.record.InMemoryRecordStore;
import io.rvnt.dht.record.PresenceRecordValidator;
import io.rvnt.dht.record.PresenceRecords;
import io.rvnt.dht.record.Validators;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A DHT peer in the test's JVM, on loopback TCP: a server-mode peer that a bootstrap node joins (and that finds it
 * again after a restart), or a client-mode peer that puts and gets presence records on one node directly.
 */
final class DhtTestPeer implements AutoCloseable {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final SecureRandom RANDOM = new SecureRandom();

  final P2pHost host;
  final Dht dht;
  final Multiaddr address;

  private DhtTestPeer(P2pHost host, Dht dht, Multiaddr address) {
    this.host = host;
    this.dht = dht;
    this.address = address;
  }

  static DhtTestPeer start(boolean serverMode, EventLoopGroup group, ScheduledExecutorService scheduler)
      throws Exception {
    PrivKey key = Keys.generateEd25519(RANDOM);
    P2pHost host = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
    Identify identify = new Identify(host, key.publicKey(), "rvnt-test", P2pLimits.DEFAULTS);
    identify.register();
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
    Dht dht = new Dht(host, identify, DhtConfig.DEFAULTS.withServerMode(serverMode), new InMemoryRecordStore(),
        Validators.rvntDefault(), Clock.systemUTC(), scheduler);
    dht.start();
    Multiaddr bound = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    return new DhtTestPeer(host, dht, bound.withPeerId(host.peerId().multihash()));
  }

  PeerId id() {
    return host.peerId();
  }

  /** A fresh peer's signed presence record: its DHT key and value. */
  static Record freshRecord() {
    PrivKey key = Keys.generateEd25519(RANDOM);
    byte[] value = PresenceRecords.sign(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), 1,
        Instant.now().plus(Duration.ofHours(24)));
    return new Record(PresenceRecordValidator.key(PeerId.fromPublicKey(key.publicKey())), value);
  }

  record Record(byte[] key, byte[] value) {}

  /** PUT_VALUE to {@code node} alone; completes once the node answered, which it does after the record is stored. */
  CompletableFuture<KadMessage> put(PeerInfo node, Record record) {
    return dht.ask(node, new KadMessage(KadMessage.Type.PUT_VALUE, record.key(),
        Optional.of(new KadMessage.WireRecord(record.key(), record.value(), "")), List.of(), List.of()));
  }

  /** GET_VALUE from {@code node} alone: the record it holds under {@code key}, if any. */
  CompletableFuture<Optional<byte[]>> get(PeerInfo node, byte[] key) {
    return dht.ask(node, KadMessage.request(KadMessage.Type.GET_VALUE, key))
        .thenApply(r -> r.record().map(KadMessage.WireRecord::value));
  }

  /** FIND_NODE to {@code node} alone: the peers of its routing table closest to {@code key}. */
  CompletableFuture<List<PeerInfo>> closest(PeerInfo node, byte[] key) {
    return dht.ask(node, KadMessage.request(KadMessage.Type.FIND_NODE, key)).thenApply(KadMessage::closerPeers);
  }

  @Override
  public void close() throws Exception {
    dht.close();
    host.close().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }
}

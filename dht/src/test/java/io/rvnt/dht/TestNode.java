package io.rvnt.dht;

import io.netty.channel.EventLoopGroup;
import io.rvnt.dht.record.RecordStore;
import io.rvnt.dht.record.Validators;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One DHT node for tests: a TCP host on loopback, identify, and the DHT over a given store. */
public final class TestNode implements AutoCloseable {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 120;

  public final PrivKey key;
  public final P2pHost host;
  public final Dht dht;
  public final RecordStore store;
  public final Multiaddr address;

  private TestNode(PrivKey key, P2pHost host, Dht dht, RecordStore store, Multiaddr address) {
    this.key = key;
    this.host = host;
    this.dht = dht;
    this.store = store;
    this.address = address;
  }

  public static TestNode start(PrivKey key, EventLoopGroup group, ScheduledExecutorService scheduler, DhtConfig config,
      RecordStore store, Validators validators, String listen) throws Exception {
    P2pHost host = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
    Identify identify = new Identify(host, key.publicKey(), "rvnt-test", P2pLimits.DEFAULTS);
    identify.register();
    // js-libp2p's kad-dht pings a new peer with /ipfs/ping/1.0.0 before it enters the routing table.
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(new SecureRandom()));
    Dht dht = new Dht(host, identify, config, store, validators, Clock.systemUTC(), scheduler);
    dht.start();
    Multiaddr bound = host.listen(Multiaddr.parse(listen)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    return new TestNode(key, host, dht, store, bound.withPeerId(host.peerId().multihash()));
  }

  public PeerInfo info() {
    return new PeerInfo(host.peerId(), List.of(address.withoutPeerId()));
  }

  @Override
  public void close() throws Exception {
    dht.close();
    host.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    store.close();
  }
}

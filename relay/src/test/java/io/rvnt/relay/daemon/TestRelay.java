package io.rvnt.relay.daemon;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.relay.core.RelayLimits;
import io.rvnt.testsupport.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A relay node on loopback (TCP and QUIC) for tests, with a clock and a disk reading the test moves. */
final class TestRelay implements AutoCloseable {

  final MutableClock clock;
  final AtomicLong freeDisk;
  final RelayNode node;

  private TestRelay(MutableClock clock, AtomicLong freeDisk, RelayNode node) {
    this.clock = clock;
    this.freeDisk = freeDisk;
    this.node = node;
  }

  static TestRelay start(Path dataDir, RelayLimits limits) throws IOException {
    MutableClock clock = MutableClock.atFixedInstant();
    AtomicLong freeDisk = new AtomicLong(Long.MAX_VALUE);
    RelayConfig config = RelayConfig.defaults().withDataDir(dataDir)
        .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1")))
        .withAdmin(new InetSocketAddress("127.0.0.1", 0)).withMaxConnections(1_000).withLimits(limits);
    return new TestRelay(clock, freeDisk, RelayNode.start(config, "test", clock, freeDisk::get));
  }

  Multiaddr tcp() {
    return address(MultiaddrProtocol.TCP);
  }

  Multiaddr quic() {
    return address(MultiaddrProtocol.QUIC_V1);
  }

  private Multiaddr address(MultiaddrProtocol protocol) {
    return node.listenAddresses().stream().filter(a -> a.has(protocol)).findFirst().orElseThrow();
  }

  byte[] peerId() {
    return node.peerId().bytes();
  }

  /** What the store holds, in hex, for before-and-after comparisons. */
  Map<String, String> stored() {
    Map<String, String> out = new LinkedHashMap<>();
    node.storedEntries().forEach((k, v) -> out.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(v)));
    return out;
  }

  @Override
  public void close() {
    node.close();
  }
}

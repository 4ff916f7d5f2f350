package io.rvnt.p2p.transport.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.Sink;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QUIC figures for BENCHMARKS.md, run by bench/p2p/quic (not a test: nothing here asserts a time).
 *
 * <ul>
 *   <li>{@code handshakes N CONCURRENCY}: dial, complete the QUIC + TLS handshake, close; N times, at most CONCURRENCY
 *       at once; prints handshakes per second.
 *   <li>{@code throughput MIB}: one stream carries MIB MiB to a listener that discards them; prints MB/s.
 *   <li>{@code idle-server}: listens, prints {@code address <multiaddr>}, then answers each stdin line with
 *       {@code memory <rss bytes> <heap bytes>}.
 *   <li>{@code idle-client ADDRESS N}: opens N connections to ADDRESS (with /p2p), prints {@code connected N}, then
 *       holds them until stdin closes.
 * </ul>
 */
public final class QuicBenchmark {

  private static final SecureRandom RANDOM = new SecureRandom();
  // Idle connections must outlive the measurement.
  private static final QuicConfig CONFIG = QuicConfig.DEFAULTS.withIdleTimeout(Duration.ofMinutes(5));
  private static final P2pLimits LIMITS = P2pLimits.DEFAULTS.withMaxConnections(4096);

  private QuicBenchmark() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      switch (args[0]) {
        case "handshakes" -> handshakes(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        case "throughput" -> throughput(group, Integer.parseInt(args[1]));
        case "idle-server" -> idleServer(group);
        case "idle-client" -> idleClient(group, Multiaddr.parse(args[1]), Integer.parseInt(args[2]));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private record Node(PeerId peerId, QuicTransport transport) {
    static Node create(EventLoopGroup group) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      return new Node(PeerId.fromPublicKey(key.publicKey()),
          new QuicTransport(key, LIMITS, CONFIG, Clock.systemUTC(), group));
    }
  }

  private static void handshakes(EventLoopGroup group, int count, int concurrency) throws Exception {
    Node server = Node.create(group);
    Node client = Node.create(group);
    // Inbound sessions accepted, so that each handshake counted is shown to be a connection of its own.
    AtomicInteger accepted = new AtomicInteger();
    Multiaddr address = server.transport()
        .listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), s -> accepted.incrementAndGet())
        .get(10, TimeUnit.SECONDS).localAddress();
    // Warm-up: JIT and native library loading are not what is measured.
    int warmUp = Math.min(200, count);
    runHandshakes(client, server, address, warmUp, concurrency);
    long start = System.nanoTime();
    runHandshakes(client, server, address, count, concurrency);
    double seconds = (System.nanoTime() - start) / 1e9;
    // Every dial, warm-up included, must be a connection of its own; the listener may finish its side of the last
    // handshakes just after the dialer has counted them.
    Await.holdsWithin(Duration.ofSeconds(10), () -> accepted.get() >= warmUp + count);
    if (accepted.get() != warmUp + count) {
      throw new IllegalStateException("the listener accepted " + accepted.get() + " connections for "
          + (warmUp + count) + " dials");
    }
    System.out.printf("quic handshakes: %d in %.2f s, %.0f/s (concurrency %d)%n", count, seconds, count / seconds,
        concurrency);
    client.transport().close().get(10, TimeUnit.SECONDS);
    server.transport().close().get(10, TimeUnit.SECONDS);
  }

  private static void runHandshakes(Node client, Node server, Multiaddr address, int count, int concurrency)
      throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      // A handshake is done when the dial completes; the close runs on without holding a slot.
      CompletableFuture<Void> done = client.transport().dial(address, server.peerId())
          .whenComplete((s, e) -> inFlight.release())
          .thenCompose(MuxedSession::close);
      all.add(done);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }

  private static void throughput(EventLoopGroup group, int mebibytes) throws Exception {
    Node server = Node.create(group);
    Node client = Node.create(group);
    Multiaddr address = server.transport().listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"),
        session -> session.setInboundStreamHandler(Sink::respond)).get(10, TimeUnit.SECONDS).localAddress();
    MuxedSession session = client.transport().dial(address, server.peerId()).get(10, TimeUnit.SECONDS);
    send(session, 64).get(120, TimeUnit.SECONDS);
    long total = (long) mebibytes << 20;
    long start = System.nanoTime();
    send(session, mebibytes).get(600, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("quic one-stream throughput: %d MiB in %.2f s, %.1f MB/s%n", mebibytes, seconds,
        total / seconds / 1e6);
    client.transport().close().get(10, TimeUnit.SECONDS);
    server.transport().close().get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code mebibytes} MiB on a new stream; completes when the listener has read them all and closed. */
  private static CompletableFuture<Void> send(MuxedSession session, int mebibytes) {
    ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024));
    return session.openStream().thenCompose(stream -> Sink.send(stream, chunk, mebibytes * 16L));
  }

  private static void idleServer(EventLoopGroup group) throws Exception {
    Node server = Node.create(group);
    Multiaddr address = server.transport().listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), s -> { })
        .get(10, TimeUnit.SECONDS).localAddress();
    System.out.println("address " + address.withPeerId(server.peerId().multihash()));
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long direct = io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider m
          ? m.metric().usedDirectMemory() : -1;
      System.out.println("memory " + rss() + " " + heap + " connections " + server.transport().connectionCount()
          + " direct " + direct);
      System.out.flush();
    }
    server.transport().close().get(10, TimeUnit.SECONDS);
  }

  private static void idleClient(EventLoopGroup group, Multiaddr address, int count) throws Exception {
    Node client = Node.create(group);
    PeerId peer = PeerId.fromMultihash(address.peerIdMultihash().orElseThrow());
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<MuxedSession>> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      sessions.add(client.transport().dial(address.withoutPeerId(), peer).whenComplete((s, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    System.out.println("connected " + count);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Hold the connections until the driver closes stdin.
    }
    client.transport().close().get(30, TimeUnit.SECONDS);
  }

  private static long rss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}

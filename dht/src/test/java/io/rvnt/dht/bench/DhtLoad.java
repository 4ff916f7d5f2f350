package io.rvnt.dht.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.wire.KadCodec;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DHT benchmark's load generator (bench/dht/run.sh), not a test. Two modes, each printing one JSON line:
 *
 * <ul>
 *   <li>{@code findnode ADDR PEERS SECONDS TABLE}: first TABLE DHT server nodes join through the target, so that
 *       its routing table (and each answer) is realistic; then PEERS peers (one TCP connection each) keep one
 *       FIND_NODE request outstanding on a long-lived Kademlia stream (closed loop) for SECONDS; reports answers
 *       per second.
 *   <li>{@code connect ADDR COUNT}: opens COUNT connections from as many peers, reports how many succeeded, then
 *       holds them until stdin closes (the script measures the target's memory meanwhile).
 * </ul>
 */
public final class DhtLoad {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int REQUEST_KINDS = 64;
  /**
   * Requests one peer sends per second at most: under the Java node's default per-peer limit (100/s), so that
   * the offered load is PEERS x 90/s for both targets and no request is refused.
   */
  private static final int PER_PEER_RATE = 90;

  private DhtLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: DhtLoad findnode ADDR PEERS SECONDS | DhtLoad connect ADDR COUNT");
      System.exit(2);
    }
    Multiaddr target = Multiaddr.parse(args[1]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      switch (args[0]) {
        case "findnode" -> {
          List<AutoCloseable> table = joinTable(group, target, Integer.parseInt(args[4]));
          findNode(group, target, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
          for (AutoCloseable c : table) {
            c.close();
          }
        }
        case "connect" -> connect(group, target, Integer.parseInt(args[2]));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static void findNode(EventLoopGroup group, Multiaddr target, int peers, int seconds) throws Exception {
    KadCodec codec = KadCodec.of(DhtConfig.DEFAULTS);
    byte[][] requests = new byte[REQUEST_KINDS][];
    for (int i = 0; i < REQUEST_KINDS; i++) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      ByteBuf framed = LengthPrefixedReader.frame(Unpooled.buffer().alloc(),
          codec.encode(KadMessage.request(KadMessage.Type.FIND_NODE, key)));
      requests[i] = new byte[framed.readableBytes()];
      framed.readBytes(requests[i]);
      framed.release();
    }
    List<Connection> connections = open(group, target, peers);
    AtomicLong answers = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 2);
    long[] window = new long[2];
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (Connection c : connections) {
      loops.add(loop(c, requests, answers, errors, end));
    }
    // Two seconds of warm-up, then the measured window.
    TimeUnit.SECONDS.sleep(2);
    window[0] = answers.get();
    long start = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    window[1] = answers.get();
    double elapsed = (System.nanoTime() - start) / 1e9;
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    System.out.printf("{\"mode\":\"findnode\",\"peers\":%d,\"connected\":%d,\"seconds\":%.1f,\"answers\":%d,"
        + "\"rate\":%.0f,\"errors\":%d}%n", peers, connections.size(), elapsed, window[1] - window[0],
        (window[1] - window[0]) / elapsed, errors.get());
  }

  /**
   * Runs closed-loop streams on {@code c} until {@code end}; a stream the target aborts (js-libp2p drops a stream
   * that sent nothing for 10 s, which happens when it is slow to answer) is replaced by a new one.
   */
  private static CompletableFuture<Void> loop(Connection c, byte[][] requests, AtomicLong answers, AtomicLong errors,
      long end) {
    return c.newStream(List.of(DhtConfig.DEFAULT_PROTOCOL_ID), closedLoop(requests, answers, errors, end))
        .thenCompose(f -> f)
        .handle((v, e) -> {
          if (e != null) {
            errors.incrementAndGet();
          }
          return System.nanoTime() < end - TimeUnit.SECONDS.toNanos(1) ? loop(c, requests, answers, errors, end)
              : CompletableFuture.<Void>completedFuture(null);
        })
        .thenCompose(f -> f);
  }

  private static ProtocolHandler<CompletableFuture<Void>> closedLoop(byte[][] requests, AtomicLong answers,
      AtomicLong errors, long end) {
    return (Stream stream) -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      LengthPrefixedReader reader = new LengthPrefixedReader(stream.alloc(), 1 << 20);
      int[] next = {RANDOM.nextInt(REQUEST_KINDS)};
      long[] window = {System.nanoTime(), 0};
      Runnable send = new Runnable() {
        @Override
        public void run() {
          long now = System.nanoTime();
          if (now - window[0] >= 1_000_000_000L) {
            window[0] = now;
            window[1] = 0;
          }
          if (window[1] >= PER_PEER_RATE) {
            stream.executor().schedule(this, window[0] + 1_000_000_000L - now, TimeUnit.NANOSECONDS);
            return;
          }
          window[1]++;
          stream.write(Unpooled.wrappedBuffer(requests[next[0]++ % REQUEST_KINDS]));
        }
      };
      stream.setHandler(new StreamHandler() {
        @Override
        public void onData(ByteBuf data) {
          reader.add(data);
          while (reader.next() != null) {
            answers.incrementAndGet();
            if (System.nanoTime() < end) {
              send.run();
            } else {
              stream.closeWrite();
            }
          }
        }

        @Override
        public void onClosed(Throwable cause) {
          reader.release();
          if (cause != null) {
            errors.incrementAndGet();
          }
          done.complete(null);
        }
      });
      send.run();
      return done;
    };
  }

  private static void connect(EventLoopGroup group, Multiaddr target, int count) throws Exception {
    long start = System.nanoTime();
    List<Connection> connections = open(group, target, count);
    System.out.printf("{\"mode\":\"connect\",\"asked\":%d,\"connected\":%d,\"seconds\":%.1f}%n", count,
        connections.size(), (System.nanoTime() - start) / 1e9);
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // Hold the connections until the script closes stdin.
      }
    } catch (IOException e) {
      // stdin gone: done.
    }
  }

  /** Starts {@code count} DHT server nodes on loopback that join through {@code target}. */
  private static List<AutoCloseable> joinTable(EventLoopGroup group, Multiaddr target, int count) throws Exception {
    java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newScheduledThreadPool(1);
    List<AutoCloseable> nodes = new ArrayList<>();
    List<CompletableFuture<Integer>> joins = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pHost host = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
      io.rvnt.p2p.identify.Identify identify = new io.rvnt.p2p.identify.Identify(host, key.publicKey(), "rvnt-bench",
          P2pLimits.DEFAULTS);
      identify.register();
      host.addProtocol(io.rvnt.p2p.ping.Ping.PROTOCOL_ID, new io.rvnt.p2p.ping.Ping(RANDOM));
      io.rvnt.dht.Dht dht = new io.rvnt.dht.Dht(host, identify, DhtConfig.DEFAULTS,
          new io.rvnt.dht.record.InMemoryRecordStore(), io.rvnt.dht.record.Validators.rvntDefault(),
          java.time.Clock.systemUTC(), scheduler);
      dht.start();
      host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
      joins.add(dht.bootstrap(List.of(target)));
      nodes.add(() -> {
        dht.close();
        host.close();
      });
    }
    int joined = 0;
    for (CompletableFuture<Integer> j : joins) {
      joined += j.get(60, TimeUnit.SECONDS);
    }
    // Let the target's identify and (for js) ping checks of the new peers finish.
    TimeUnit.SECONDS.sleep(3);
    System.err.println("bench: " + joined + " of " + count + " DHT nodes joined through the target");
    nodes.add(scheduler::shutdownNow);
    return nodes;
  }

  /** Opens one connection per fresh peer identity, at most 256 handshakes in flight. */
  private static List<Connection> open(EventLoopGroup group, Multiaddr target, int count) throws Exception {
    List<Connection> out = new ArrayList<>();
    List<CompletableFuture<Connection>> batch = new ArrayList<>();
    P2pLimits limits = P2pLimits.DEFAULTS.withHandshakeTimeout(java.time.Duration.ofSeconds(60));
    for (int i = 0; i < count; i++) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pHost host = new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group)));
      batch.add(host.dial(target));
      if (batch.size() == 256 || i == count - 1) {
        for (CompletableFuture<Connection> f : batch) {
          try {
            out.add(f.get(120, TimeUnit.SECONDS));
          } catch (Exception e) {
            // Counted as not connected.
          }
        }
        batch.clear();
      }
    }
    return out;
  }
}

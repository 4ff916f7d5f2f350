package io.rvnt.p2p.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.host.Sink;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.security.noise.ChaChaPoly;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.testsupport.Await;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/p2p/run: Java host against js-libp2p over TCP + Noise + yamux on loopback. Prints a Markdown table:
 * handshakes per second, one-stream throughput, and server memory per idle connection. A benchmark, not a test.
 */
public final class P2pBench {

  private static final int HANDSHAKES = Integer.getInteger("handshakes", 1000);
  private static final int CONCURRENCY = 8;
  private static final long STREAM_BYTES = Long.getLong("streamMiB", 256) << 20;
  private static final int IDLE = Integer.getInteger("idle", 1000);
  /** How long one phase may take before the benchmark gives up: a guard against a hang, not a measure. */
  private static final Duration PHASE_DEADLINE = Duration.ofMinutes(10);
  /** How long a server may take to count the last connections a client has already counted. */
  private static final Duration ACCEPT_SETTLE = Duration.ofSeconds(10);

  /** Connections the benchmark has made to each server, for {@link #accepting}. */
  private static final Map<JsPeer, Long> made = new HashMap<>();

  private P2pBench() {}

  public static void main(String[] args) throws Exception {
    SecureRandom random = new SecureRandom();
    PrivKey key = Keys.generateEd25519(random);
    P2pLimits limits = P2pLimits.DEFAULTS.withMaxConnections(4096);
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    TcpTransport tcp = new TcpTransport(key, limits, group);
    P2pHost client = new P2pHost(key, limits, List.of(tcp));
    List<String> rows = new ArrayList<>();
    try (JsPeer jsServer = JsPeer.start(List.of("--expose-gc"));
        JsPeer jsClient = JsPeer.start(List.of());
        JsPeer javaServer = JsPeer.javaProcess(BenchServer.class, serverOptions())) {
      // Memory first, on fresh servers: later phases leave pools and garbage that blur a per-connection figure.
      for (JsPeer server : List.of(javaServer, jsServer)) {
        String name = server == javaServer ? "Java" : "js";
        Map<String, Object> before = server.call("memory", Map.of(), PHASE_DEADLINE);
        List<MuxedSession> sessions = openIdle(tcp, server);
        made.merge(server, (long) IDLE, Long::sum);
        Map<String, Object> after = server.call("memory", Map.of(), PHASE_DEADLINE);
        double heap = (num(after, "heap") + num(after, "netty") - num(before, "heap") - num(before, "netty")) / IDLE;
        double rss = (num(after, "rss") - num(before, "rss")) / IDLE;
        rows.add(row(name + " server heap per idle connection (KB, " + IDLE + " open)", heap / 1024, "%.1f"));
        rows.add(row(name + " server RSS per idle connection (KB, " + IDLE + " open)", rss / 1024, "%.1f"));
        for (MuxedSession s : sessions) {
          s.close();
        }
      }
      for (JsPeer server : List.of(javaServer, jsServer)) {
        String name = server == javaServer ? "Java" : "js";
        rows.add(row("handshakes/s, Java client → " + name + " server",
            () -> HANDSHAKES * 1000.0 / accepting(server, () -> javaHandshakes(tcp, server)), "%.0f"));
        rows.add(row("handshakes/s, js client → " + name + " server",
            () -> HANDSHAKES * 1000.0 / accepting(server, () -> (Double) jsClient.call("dialMany", Map.of("addr",
                server.address.toString(), "count", HANDSHAKES, "concurrency", CONCURRENCY), PHASE_DEADLINE)
                .get("ms")), "%.0f"));
      }
      for (JsPeer server : List.of(javaServer, jsServer)) {
        String name = server == javaServer ? "Java" : "js";
        rows.add(row("one stream MB/s, Java → " + name,
            () -> STREAM_BYTES / 1e6 / (warm(() -> javaSink(client, server)) / 1000.0), "%.0f"));
        rows.add(row("one stream MB/s, js → " + name,
            () -> STREAM_BYTES / 1e6 / (warm(() -> (Double) jsClient.call("sendSink", Map.of("addr",
                server.address.toString(), "bytes", STREAM_BYTES), PHASE_DEADLINE).get("ms")) / 1000.0), "%.0f"));
      }
    } finally {
      client.close().get(PHASE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      group.shutdownGracefully().sync();
    }
    System.out.println("Noise ChaCha20-Poly1305: " + ChaChaPoly.preferred() + " (both Java processes)");
    System.out.println();
    System.out.println("| Measure (loopback, TCP + Noise + yamux) | Value |");
    System.out.println("|---|---|");
    rows.forEach(System.out::println);
  }

  /** The Java server runs with this process's choice of Noise cipher, so that both ends compare alike. */
  private static List<String> serverOptions() {
    String aead = System.getProperty(ChaChaPoly.PROPERTY);
    return aead == null ? List.of("-Xms64m") : List.of("-Xms64m", "-D" + ChaChaPoly.PROPERTY + "=" + aead);
  }

  private static String row(String name, double value, String format) {
    String line = "| " + name + " | " + String.format(format, value) + " |";
    System.err.println(line);
    return line;
  }

  /** One measure; a measure that fails is reported as such and the benchmark goes on with the next. */
  private static String row(String name, Measure measure, String format) {
    try {
      return row(name, measure.run(), format);
    } catch (Exception e) {
      String line = "| " + name + " | failed: " + e + " |";
      System.err.println(line);
      return line;
    }
  }

  @FunctionalInterface
  private interface Measure {
    double run() throws Exception;
  }

  /**
   * The milliseconds {@code handshakes} measured, once {@code server} has accepted one connection for each of the
   * HANDSHAKES it counted, and for every connection the benchmark made to it before: a client that joins concurrent
   * dials into one connection (js-libp2p's dial queue does, even with {@code force}) would otherwise count one
   * handshake several times.
   */
  private static double accepting(JsPeer server, Measure handshakes) throws Exception {
    double ms = handshakes.run();
    long expected = made.merge(server, (long) HANDSHAKES, Long::sum);
    // The server may finish its side of the last handshakes just after the client has counted them. Each ask is a
    // round trip to the server process (and its GCs), hence the slower pace.
    long accepted;
    try {
      accepted = Await.value(ACCEPT_SETTLE, Duration.ofMillis(100), "the server counts the connections made to it",
          () -> accepted(server), count -> count >= expected);
    } catch (AssertionError notCounted) {
      throw new IllegalStateException(notCounted.getMessage() + " (" + expected + " made)");
    }
    if (accepted != expected) {
      throw new IllegalStateException("the server accepted " + accepted + " connections for the " + expected
          + " the benchmark made to it");
    }
    return ms;
  }

  private static long accepted(JsPeer server) {
    try {
      return (long) num(server.call("memory", Map.of(), PHASE_DEADLINE), "accepted");
    } catch (Exception e) {
      throw new IllegalStateException("the server did not say how many connections it accepted", e);
    }
  }

  /**
   * The second of two runs of {@code measure}: the first warms both ends' JIT (HotSpot's, V8's) on the data path,
   * which the handshake phases before it hardly touch; a cold Java → Java stream ran at about half its steady rate.
   */
  private static double warm(Measure measure) throws Exception {
    measure.run();
    return measure.run();
  }

  private static double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? 0 : (Double) v;
  }

  /**
   * Milliseconds for HANDSHAKES connections (each closed once secured and muxed), CONCURRENCY at a time. Like the js
   * client's loop, each worker dials again from the completion of its previous connection, on the event loop.
   */
  private static double javaHandshakes(TcpTransport tcp, JsPeer server) throws Exception {
    Multiaddr address = server.address.withoutPeerId();
    PeerId peer = server.peerId;
    AtomicInteger started = new AtomicInteger();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < CONCURRENCY; w++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      workers.add(done);
      dialLoop(tcp, address, peer, started, done);
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
        .get(PHASE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    return (System.nanoTime() - start) / 1e6;
  }

  private static void dialLoop(TcpTransport tcp, Multiaddr address, PeerId peer,
      AtomicInteger started, CompletableFuture<Void> done) {
    if (started.getAndIncrement() >= HANDSHAKES) {
      done.complete(null);
      return;
    }
    tcp.dial(address, peer).thenCompose(MuxedSession::close).whenComplete((v, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        dialLoop(tcp, address, peer, started, done);
      }
    });
  }

  /** Milliseconds to push STREAM_BYTES through one stream to the server's sink and see it close. */
  private static double javaSink(P2pHost client, JsPeer server) throws Exception {
    ByteBuf chunk = Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024);
    long start = System.nanoTime();
    ProtocolHandler<CompletableFuture<Void>> sender =
        stream -> Sink.send(stream, chunk, STREAM_BYTES / chunk.readableBytes());
    CompletableFuture<Void> done = client.newStream(server.address, List.of(Sink.PROTOCOL_ID), sender)
        .get(PHASE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    done.get(PHASE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    double ms = (System.nanoTime() - start) / 1e6;
    chunk.release();
    return ms;
  }

  private static List<MuxedSession> openIdle(TcpTransport tcp, JsPeer server) throws Exception {
    List<CompletableFuture<MuxedSession>> all = new ArrayList<>();
    Semaphore slots = new Semaphore(CONCURRENCY);
    for (int i = 0; i < IDLE; i++) {
      slots.acquire();
      CompletableFuture<MuxedSession> f = tcp.dial(server.address.withoutPeerId(), server.peerId);
      f.whenComplete((v, e) -> slots.release());
      all.add(f);
    }
    List<MuxedSession> sessions = new ArrayList<>();
    for (CompletableFuture<MuxedSession> f : all) {
      sessions.add(f.get(PHASE_DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }
    return sessions;
  }
}

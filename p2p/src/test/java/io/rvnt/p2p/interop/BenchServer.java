package io.rvnt.p2p.interop;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.Echo;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.host.Sink;
import io.rvnt.p2p.identify.Identify;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.ping.Ping;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.testsupport.JsonLines;
import io.rvnt.testsupport.JsonLinesPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java side of bench/p2p/run as its own process (so its memory can be measured alone): a host with the
 * same protocols as the js peer, driven by the js peer's JSON line protocol ({@code memory}, which also counts the inbound connections accepted,
 * {@code stop}).
 * {@code -DverifiedNoiseKeys=N} sets {@link P2pLimits#verifiedNoiseKeys()} (0 verifies every handshake in full), for
 * measuring what remembering verified Noise payloads saves.
 */
public final class BenchServer {

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    SecureRandom random = new SecureRandom();
    PrivKey key = Keys.generateEd25519(random);
    P2pLimits limits = P2pLimits.DEFAULTS.withMaxConnections(4096)
        .withVerifiedNoiseKeys(Integer.getInteger("verifiedNoiseKeys", P2pLimits.DEFAULTS.verifiedNoiseKeys()));
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    P2pHost host = new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group)));
    host.addProtocol(Ping.PROTOCOL_ID, new Ping(random));
    host.addProtocol(Echo.PROTOCOL_ID, Echo.responder());
    host.addProtocol(Sink.PROTOCOL_ID, stream -> {
      Sink.respond(stream);
      return null;
    });
    new Identify(host, key.publicKey(), "rvnt-bench", limits).register();
    // Inbound connections accepted since start, so that the benchmark can check that each handshake it counts was one.
    AtomicLong accepted = new AtomicLong();
    host.addConnectionListener(connection -> {
      if (!connection.isInitiator()) {
        accepted.incrementAndGet();
      }
    });
    Multiaddr address = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get()
        .withPeerId(host.peerId().multihash());
    System.out.println("{\"event\":\"ready\",\"peerId\":\"" + host.peerId() + "\",\"addrs\":[\"" + address + "\"]}");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      Map<String, Object> request = JsonLines.object(line);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("id", ((Double) request.get("id")).intValue());
      answer.put("ok", true);
      if ("memory".equals(request.get(JsonLinesPeer.COMMAND))) {
        for (int i = 0; i < 3; i++) {
          System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long netty = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()
            + PooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
        answer.put("heap", rt.totalMemory() - rt.freeMemory());
        answer.put("netty", netty);
        answer.put("rss", rss());
        answer.put("connections", host.connections().size());
        answer.put("accepted", accepted.get());
      } else if ("stop".equals(request.get(JsonLinesPeer.COMMAND))) {
        System.out.println(JsonLines.write(answer));
        System.out.flush();
        break;
      }
      System.out.println(JsonLines.write(answer));
      System.out.flush();
    }
    host.close().get();
    group.shutdownGracefully().sync();
  }

  private static long rss() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}

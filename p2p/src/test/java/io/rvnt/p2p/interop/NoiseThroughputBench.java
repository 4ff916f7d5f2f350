package io.rvnt.p2p.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.host.Sink;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.security.noise.ChaChaPoly;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One yamux stream over Noise over TCP, Java to Java in one process: MIB MiB to a sink, after 32 MiB of warm-up, with
 * each ChaCha20-Poly1305 of {@link ChaChaPoly} in turn, ROUNDS times, so that the two compare side by side on a
 * machine whose load drifts; prints MB/s per run. The Java → Java row of bench/p2p/run without its js peers. Not a
 * test. Usage: NoiseThroughputBench [MIB] [ROUNDS]
 */
public final class NoiseThroughputBench {

  private NoiseThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      for (int round = 1; round <= rounds; round++) {
        for (ChaChaPoly aead : List.of(ChaChaPoly.JDK, ChaChaPoly.conscrypt().orElseThrow())) {
          double seconds = run(group, aead, mebibytes);
          System.out.printf("noise+yamux one stream, Java -> Java, %s ChaCha20-Poly1305, round %d: %d MiB in %.2f s,"
              + " %.1f MB/s%n", aead, round, mebibytes, seconds, ((long) mebibytes << 20) / seconds / 1e6);
        }
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static double run(MultiThreadIoEventLoopGroup group, ChaChaPoly aead, int mebibytes) throws Exception {
    SecureRandom random = new SecureRandom();
    P2pLimits limits = P2pLimits.DEFAULTS;
    PrivKey serverKey = Keys.generateEd25519(random);
    PrivKey clientKey = Keys.generateEd25519(random);
    P2pHost server = new P2pHost(serverKey, limits,
        List.of(new TcpTransport(serverKey, limits, group, null, aead)));
    P2pHost client = new P2pHost(clientKey, limits,
        List.of(new TcpTransport(clientKey, limits, group, null, aead)));
    try {
      server.addProtocol(Sink.PROTOCOL_ID, stream -> {
        Sink.respond(stream);
        return null;
      });
      Multiaddr address = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(60, TimeUnit.SECONDS)
          .withPeerId(server.peerId().multihash());
      send(client, address, 32);
      long start = System.nanoTime();
      send(client, address, mebibytes);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      client.close().get(60, TimeUnit.SECONDS);
      server.close().get(60, TimeUnit.SECONDS);
    }
  }

  private static void send(P2pHost client, Multiaddr address, int mebibytes) throws Exception {
    ByteBuf zeros = Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024);
    // The sink writes the one chunk again and again: unreleasable to it, released here once the stream is done.
    ByteBuf chunk = Unpooled.unreleasableBuffer(zeros);
    try {
      ProtocolHandler<CompletableFuture<Void>> sender = stream -> Sink.send(stream, chunk, mebibytes * 16L);
      client.newStream(address, List.of(Sink.PROTOCOL_ID), sender).get(600, TimeUnit.SECONDS)
          .get(600, TimeUnit.SECONDS);
    } finally {
      zeros.release();
    }
  }
}

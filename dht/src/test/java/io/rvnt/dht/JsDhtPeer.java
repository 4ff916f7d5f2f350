package io.rvnt.dht;

import io.rvnt.testsupport.JsonLinesPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real js-libp2p node with {@code @libp2p/kad-dht} 16.4.5 on {@code /rvnt/kad/1.0.0} (p2p/src/test/js/dht-peer.mjs)
 * in a child process on loopback, driven by JSON commands over stdin and stdout ({@link JsonLinesPeer}).
 */
final class JsDhtPeer implements AutoCloseable {

  /** How long one command may take (a DHT lookup on a busy machine): a deadline, not a duration. */
  static final Duration DEADLINE = Duration.ofSeconds(90);

  private final JsonLinesPeer peer;
  final String peerId;
  final String address;

  private JsDhtPeer(JsonLinesPeer peer) {
    this.peer = peer;
    this.peerId = peer.peerId();
    this.address = peer.addresses().get(0);
  }

  static JsDhtPeer start() throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("rvnt.js.dir", "../p2p/src/test/js"));
    return new JsDhtPeer(JsonLinesPeer.startNode(dir, "@libp2p/kad-dht", List.of(), "dht-peer.mjs", List.of(),
        ProcessBuilder.Redirect.INHERIT));
  }

  /** Sends a command, waits for its reply, and fails with the js error unless it succeeded. */
  Map<String, Object> ok(String command, Map<String, ?> arguments) throws IOException, InterruptedException {
    Map<String, Object> reply = peer.request(command, arguments, DEADLINE);
    if (!Boolean.TRUE.equals(reply.get("ok"))) {
      throw new IllegalStateException("js " + command + " failed: " + reply.get("error"));
    }
    return reply;
  }

  /** The number of peers in js's routing table. */
  int routingTableSize() {
    try {
      return ((Number) ok("routingTable", Map.of()).get("size")).intValue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    peer.close();
  }
}

package io.rvnt.dht;

import io.rvnt.testsupport.JsonLinesPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real js-libp2p node with {@code @libp2p/kad-dht} 16.4.5 on {@code /rvnt/kad/1.0.0} (p2p/src/test/js/dht-peer.mjs)
 * in a child process on loopback, driven by JSON commands over stdin and stdout ({@link JsonLinesPeer}).
 */
final class JsDhtPeer implements AutoCloseable {

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
  Map<String, Object> ok(String op, Map<String, ?> arguments) throws IOException, InterruptedException {
    Map<String, Object> reply = request(op, arguments);
    if (!Boolean.TRUE.equals(reply.get("ok"))) {
      throw new IllegalStateException("js " + op + " failed: " + reply.get("error"));
    }
    return reply;
  }

  Map<String, Object> request(String op, Map<String, ?> arguments) throws IOException, InterruptedException {
    Map<String, Object> command = new LinkedHashMap<>(arguments);
    command.put("op", op);
    return peer.request(command, JsonLinesPeer.REPLY_DEADLINE);
  }

  @Override
  public void close() throws InterruptedException {
    peer.close();
  }
}

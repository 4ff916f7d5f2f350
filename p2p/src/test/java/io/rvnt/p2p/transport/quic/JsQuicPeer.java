package io.rvnt.p2p.transport.quic;

import io.rvnt.testsupport.JsonLinesPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real js-libp2p node on QUIC (src/test/js/quic-peer.mjs, @chainsafe/libp2p-quic) in a child process on loopback,
 * driven by JSON commands over its stdin and stdout ({@link JsonLinesPeer}).
 */
final class JsQuicPeer implements AutoCloseable {

  /** How long one command may take: generous, since it is a deadline on a busy machine, not a duration. */
  static final Duration DEADLINE = Duration.ofSeconds(90);

  private final JsonLinesPeer peer;

  private JsQuicPeer(JsonLinesPeer peer) {
    this.peer = peer;
  }

  /** Starts a js peer listening on {@code listen}, e.g. {@code /ip4/127.0.0.1/udp/0/quic-v1}. */
  static JsQuicPeer start(String listen) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js");
    return new JsQuicPeer(JsonLinesPeer.startNode(dir, "@chainsafe/libp2p-quic", List.of(), "quic-peer.mjs",
        List.of(listen), ProcessBuilder.Redirect.INHERIT));
  }

  /** The js node's PeerId, base58. */
  String peerId() {
    return peer.peerId();
  }

  /** The js node's listen address, with its /p2p part. */
  String address() {
    return peer.addresses().get(0);
  }

  /** Sends a command and waits for its reply; the reply's "ok" tells whether it succeeded. */
  Map<String, Object> request(String command, Map<String, ?> arguments) throws IOException, InterruptedException {
    return peer.request(command, arguments, DEADLINE);
  }

  @Override
  public void close() throws InterruptedException {
    peer.close();
  }
}

package io.rvnt.p2p.interop;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.JsonLinesPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real js-libp2p node (src/test/js/peer.mjs, versions pinned in its package.json) in a child process on
 * loopback, driven by JSON lines ({@link JsonLinesPeer}). Its stderr goes to target/js-peer.log. Fails loudly when
 * Node or the npm packages are missing: scripts/install-test-deps installs them.
 */
final class JsPeer implements AutoCloseable {

  /** How long one command may take: generous, since it is a deadline on a busy machine, not a duration. */
  static final Duration DEADLINE = Duration.ofSeconds(90);

  /** The js folder; the module directory is the working directory of tests, the benchmark passes its own. */
  private static final Path DIR = Path.of(System.getProperty("rvnt.p2p.js.dir", "src/test/js"));

  private final JsonLinesPeer peer;
  final PeerId peerId;
  final Multiaddr address;

  private JsPeer(JsonLinesPeer peer) {
    this.peer = peer;
    this.peerId = PeerId.parse(peer.peerId());
    this.address = Multiaddr.parse(peer.addresses().get(0));
  }

  static JsPeer start() throws Exception {
    return start(List.of());
  }

  /** With extra node options (the benchmark passes --expose-gc). */
  static JsPeer start(List<String> nodeOptions) throws Exception {
    return new JsPeer(JsonLinesPeer.startNode(DIR, "libp2p", nodeOptions, "peer.mjs", List.of(), log()));
  }

  /** A Java process speaking the same line protocol ({@link BenchServer}), on this JVM's class path. */
  static JsPeer javaProcess(Class<?> main, List<String> jvmOptions) throws Exception {
    return new JsPeer(JsonLinesPeer.startJava(main, jvmOptions, log()));
  }

  private static ProcessBuilder.Redirect log() throws Exception {
    Path log = Path.of(System.getProperty("rvnt.p2p.js.log", "target/js-peer.log"));
    Files.createDirectories(log.toAbsolutePath().getParent());
    return ProcessBuilder.Redirect.appendTo(log.toFile());
  }

  /** Sends a command and waits for its answer; throws when the js side reports an error. */
  Map<String, Object> call(String cmd, Map<String, ?> args) throws Exception {
    return call(cmd, args, DEADLINE);
  }

  /** {@link #call(String, Map)} with a deadline of the caller's (the benchmark's phases run for minutes). */
  Map<String, Object> call(String cmd, Map<String, ?> args, Duration deadline) throws Exception {
    Map<String, Object> answer = peer.request(cmd, args, deadline);
    if (!Boolean.TRUE.equals(answer.get("ok"))) {
      throw new IllegalStateException("js " + cmd + " failed: " + answer.get("error"));
    }
    return answer;
  }

  /** Sends a command and returns its answer, ok or not. */
  Map<String, Object> tryCall(String cmd, Map<String, ?> args) throws Exception {
    return peer.request(cmd, args, DEADLINE);
  }

  @Override
  public void close() throws Exception {
    try {
      tryCall("stop", Map.of());
    } catch (Exception e) {
      // stopping anyway below
    }
    peer.close();
  }
}

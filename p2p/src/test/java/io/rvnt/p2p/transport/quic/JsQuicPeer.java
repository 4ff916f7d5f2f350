package io.rvnt.p2p.transport.quic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real js-libp2p node on QUIC (src/test/js/quic-peer.mjs, @chainsafe/libp2p-quic) in a child process on loopback,
 * driven by JSON commands over its stdin and stdout.
 */
final class JsQuicPeer implements AutoCloseable {

  static final Duration REPLY_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final OutputStream commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final String peerId;
  private final String address;

  private JsQuicPeer(Process process) throws IOException, InterruptedException {
    this.process = process;
    this.commands = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process went away; pending requests time out with a message naming it.
      }
    }, "js-quic-peer-stdout");
    reader.setDaemon(true);
    reader.start();
    Map<String, Object> ready = next();
    if (!"ready".equals(ready.get("event"))) {
      throw new IllegalStateException("js peer did not start: " + ready);
    }
    this.peerId = (String) ready.get("peerId");
    @SuppressWarnings("unchecked")
    List<String> addrs = (List<String>) ready.get("addrs");
    this.address = addrs.get(0);
  }

  /** Starts a js peer listening on {@code listen}, e.g. {@code /ip4/127.0.0.1/udp/0/quic-v1}. */
  static JsQuicPeer start(String listen) throws IOException, InterruptedException {
    Path dir = jsDirectory();
    if (!Files.isDirectory(dir.resolve("node_modules/@chainsafe/libp2p-quic"))) {
      throw new IllegalStateException("js-libp2p is not installed in " + dir + ": run scripts/install-test-deps");
    }
    // Debian 12's Node 20 lacks Promise.withResolvers; the polyfill adds it.
    Process process = new ProcessBuilder("node", "--import", "./polyfill.mjs", "quic-peer.mjs", listen)
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      return new JsQuicPeer(process);
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static Path jsDirectory() {
    return Path.of(System.getProperty("basedir", ".")).resolve("src/test/js").toAbsolutePath();
  }

  /** The js node's PeerId, base58. */
  String peerId() {
    return peerId;
  }

  /** The js node's listen address, with its /p2p part. */
  String address() {
    return address;
  }

  /** Sends a command and waits for its reply; the reply's "ok" tells whether it succeeded. */
  Map<String, Object> request(String op, Map<String, ?> arguments) throws IOException, InterruptedException {
    int id = ids.incrementAndGet();
    Map<String, Object> command = new LinkedHashMap<>(arguments);
    command.put("op", op);
    command.put("id", id);
    commands.write((JsonLines.write(command) + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
    while (true) {
      Map<String, Object> reply = next();
      if (reply.get("id") instanceof Number n && n.intValue() == id) {
        return reply;
      }
    }
  }

  private Map<String, Object> next() throws InterruptedException {
    String line = lines.poll(REPLY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IllegalStateException("js peer gave no answer within " + REPLY_DEADLINE
          + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
    }
    return JsonLines.object(line);
  }

  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

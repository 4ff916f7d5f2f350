package io.rvnt.dht;

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
 * A real js-libp2p node with {@code @libp2p/kad-dht} 16.4.5 on {@code /rvnt/kad/1.0.0} (p2p/src/test/js/dht-peer.mjs)
 * in a child process on loopback, driven by JSON commands over stdin and stdout.
 */
final class JsDhtPeer implements AutoCloseable {

  static final Duration REPLY_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final OutputStream commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();
  final String peerId;
  final String address;

  private JsDhtPeer(Process process) throws InterruptedException {
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
        // The process went away; pending requests time out with a message saying so.
      }
    }, "js-dht-peer-stdout");
    reader.setDaemon(true);
    reader.start();
    Map<String, Object> ready = next();
    if (!"ready".equals(ready.get("event"))) {
      throw new IllegalStateException("js DHT peer did not start: " + ready);
    }
    this.peerId = (String) ready.get("peerId");
    @SuppressWarnings("unchecked")
    List<String> addrs = (List<String>) ready.get("addrs");
    this.address = addrs.get(0);
  }

  static JsDhtPeer start() throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("rvnt.js.dir", "../p2p/src/test/js")).toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules/@libp2p/kad-dht"))) {
      throw new IllegalStateException("@libp2p/kad-dht is not installed in " + dir + ": run scripts/install-test-deps");
    }
    // Debian 12's Node 20 lacks Promise.withResolvers; the polyfill adds it.
    Process process = new ProcessBuilder("node", "--import", "./polyfill.mjs", "dht-peer.mjs")
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      return new JsDhtPeer(process);
    } catch (RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
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
    int id = ids.incrementAndGet();
    Map<String, Object> command = new LinkedHashMap<>(arguments);
    command.put("op", op);
    command.put("id", id);
    commands.write((JsonLines.write(command) + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
    for (int i = 0; i < 10_000; i++) {
      Map<String, Object> reply = next();
      if (reply.get("id") instanceof Number n && n.intValue() == id) {
        return reply;
      }
    }
    throw new IllegalStateException("js peer never answered command " + id);
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
  public void close() throws InterruptedException {
    try {
      commands.close();
    } catch (IOException e) {
      // Already gone.
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}

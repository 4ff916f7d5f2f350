package io.rvnt.p2p.interop;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real js-libp2p node (src/test/js/peer.mjs, versions pinned in its package.json) in a child process on
 * loopback, driven by JSON lines. Its stderr goes to target/js-peer.log. Fails loudly when Node or the npm
 * packages are missing: scripts/install-test-deps installs them.
 */
final class JsPeer implements AutoCloseable {

  private static final Path DIR = Path.of("src/test/js");

  private final Process process;
  private final Writer stdin;
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
  final PeerId peerId;
  final Multiaddr address;

  private JsPeer() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/libp2p"))) {
      throw new IllegalStateException("js-libp2p is not installed in " + DIR.toAbsolutePath()
          + ": run scripts/install-test-deps");
    }
    Files.createDirectories(Path.of("target"));
    process = new ProcessBuilder("node", "--import", "./polyfill.mjs", "peer.mjs")
        .directory(DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target/js-peer.log").toFile()))
        .start();
    stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLoop, "js-peer-stdout");
    reader.setDaemon(true);
    reader.start();
    Map<String, Object> hello = ready.get(60, TimeUnit.SECONDS);
    peerId = PeerId.parse((String) hello.get("peerId"));
    @SuppressWarnings("unchecked")
    List<String> addrs = (List<String>) hello.get("addrs");
    address = Multiaddr.parse(addrs.get(0));
  }

  static JsPeer start() throws Exception {
    return new JsPeer();
  }

  /** Sends a command and waits for its answer; throws when the js side reports an error. */
  Map<String, Object> call(String cmd, Map<String, Object> args, long timeoutSeconds) throws Exception {
    Map<String, Object> answer = tryCall(cmd, args, timeoutSeconds);
    if (!Boolean.TRUE.equals(answer.get("ok"))) {
      throw new IllegalStateException("js " + cmd + " failed: " + answer.get("error"));
    }
    return answer;
  }

  /** Sends a command and returns its answer, ok or not. */
  Map<String, Object> tryCall(String cmd, Map<String, Object> args, long timeoutSeconds) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    pending.put(id, answer);
    Map<String, Object> request = new LinkedHashMap<>(args);
    request.put("id", id);
    request.put("cmd", cmd);
    synchronized (stdin) {
      stdin.write(Json.write(request) + "\n");
      stdin.flush();
    }
    return answer.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private void readLoop() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("{")) {
          continue;
        }
        Map<String, Object> message = (Map<String, Object>) Json.parse(line);
        if ("ready".equals(message.get("event"))) {
          ready.complete(message);
        } else if (message.get("id") instanceof Double id) {
          CompletableFuture<Map<String, Object>> f = pending.remove(id.intValue());
          if (f != null) {
            f.complete(message);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    IllegalStateException gone = new IllegalStateException("the js peer exited");
    ready.completeExceptionally(gone);
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  @Override
  public void close() throws Exception {
    try {
      tryCall("stop", Map.of(), 10);
    } catch (Exception e) {
      // stopping anyway below
    }
    stdin.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

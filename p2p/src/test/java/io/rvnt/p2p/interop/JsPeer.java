package io.rvnt.p2p.interop;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** The js folder; the module directory is the working directory of tests, the benchmark passes its own. */
  private static final Path DIR = Path.of(System.getProperty("rvnt.p2p.js.dir", "src/test/js"));

  private final Process process;
  private final Writer stdin;
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
  final PeerId peerId;
  final Multiaddr address;

  private JsPeer(List<String> command, Path dir) throws Exception {
    Path log = Path.of(System.getProperty("rvnt.p2p.js.log", "target/js-peer.log"));
    Files.createDirectories(log.toAbsolutePath().getParent());
    process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
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
    return start(List.of());
  }

  /** With extra node options (the benchmark passes --expose-gc). */
  static JsPeer start(List<String> nodeOptions) throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/libp2p"))) {
      throw new IllegalStateException("js-libp2p is not installed in " + DIR.toAbsolutePath()
          + ": run scripts/install-test-deps");
    }
    List<String> command = new ArrayList<>(List.of("node", "--import", "./polyfill.mjs"));
    command.addAll(nodeOptions);
    command.add("peer.mjs");
    return new JsPeer(command, DIR);
  }

  /** A Java process speaking the same line protocol ({@link BenchServer}), on this JVM's class path. */
  static JsPeer javaProcess(Class<?> main, List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return new JsPeer(command, Path.of("."));
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

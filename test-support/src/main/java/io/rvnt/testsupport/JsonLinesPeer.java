package io.rvnt.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer in a child process on loopback, driven by JSON lines: each request on its stdin carries an {@code id}, the
 * command's name under {@link #COMMAND} and the time it may take under {@link #DEADLINE_MS}; its reply on stdout
 * carries the same {@code id}, and the first {@code "event":"ready"} line names its PeerId and listen addresses.
 * The js-libp2p peers of p2p/src/test/js (TCP, QUIC, kad-dht; json-lines.mjs reads these fields for all of them)
 * and the p2p benchmark's Java server speak it; what each command means is theirs to say. Peers report what they
 * observed; the Java tests assert it.
 */
public final class JsonLinesPeer implements AutoCloseable {

  /** The field naming the command in every request, the same for every peer. */
  public static final String COMMAND = "cmd";
  /** The field giving the peer the request's deadline in milliseconds: it aborts its own work when it passes. */
  public static final String DEADLINE_MS = "deadlineMs";
  /** How long the peer may take to start and announce itself ready; each request has a deadline of its own. */
  public static final Duration REPLY_DEADLINE = Duration.ofSeconds(60);
  /** How long after a request's deadline its reply may still come: the peer's own report of what timed out. */
  private static final Duration REPORT_GRACE = Duration.ofSeconds(10);
  /** How long the peer may take to exit once its stdin closed, before it is killed. */
  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);

  private final Process process;
  private final OutputStream stdin;
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
  private final String peerId;
  private final List<String> addresses;

  private JsonLinesPeer(Process process, String name) throws IOException, InterruptedException {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::readLoop, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    Map<String, Object> hello = await(ready, REPLY_DEADLINE, "start");
    this.peerId = (String) hello.get("peerId");
    @SuppressWarnings("unchecked")
    List<String> addrs = (List<String>) hello.get("addrs");
    this.addresses = List.copyOf(addrs);
  }

  /**
   * Starts {@code node [nodeOptions] script [args]} in {@code jsDir}, failing loudly when the npm package
   * {@code requiredPackage} is not installed there (scripts/install-test-deps installs it).
   */
  public static JsonLinesPeer startNode(Path jsDir, String requiredPackage, List<String> nodeOptions, String script,
      List<String> args, ProcessBuilder.Redirect stderr) throws IOException, InterruptedException {
    return startNode(List.of(), jsDir, requiredPackage, nodeOptions, script, args, stderr);
  }

  /**
   * As {@link #startNode(Path, String, List, String, List, ProcessBuilder.Redirect)}, with {@code launcher} before
   * {@code node}: {@code ip netns exec NS} runs the peer inside a network namespace, {@code env K=V} sets its
   * environment.
   */
  public static JsonLinesPeer startNode(List<String> launcher, Path jsDir, String requiredPackage,
      List<String> nodeOptions, String script, List<String> args, ProcessBuilder.Redirect stderr)
      throws IOException, InterruptedException {
    Path dir = jsDir.toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules").resolve(requiredPackage))) {
      throw new IllegalStateException(requiredPackage + " is not installed in " + dir
          + ": run scripts/install-test-deps");
    }
    // `node` on PATH: scripts/test puts the Node 22 that install-test-deps brings first on PATH where the system's
    // is older. Debian 12's Node 20 lacks Promise.withResolvers, which js-libp2p uses: the polyfill adds it.
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("node", "--import", "./polyfill.mjs"));
    command.addAll(nodeOptions);
    command.add(script);
    command.addAll(args);
    return start(command, dir, stderr, script.replace(".mjs", ""));
  }

  /** Starts a Java process speaking the same lines, {@code main} on this JVM's class path. */
  public static JsonLinesPeer startJava(Class<?> main, List<String> jvmOptions, ProcessBuilder.Redirect stderr)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return start(command, Path.of("."), stderr, main.getSimpleName());
  }

  private static JsonLinesPeer start(List<String> command, Path dir, ProcessBuilder.Redirect stderr, String name)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr).start();
    try {
      return new JsonLinesPeer(process, name);
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The peer's PeerId, base58, from its ready line. */
  public String peerId() {
    return peerId;
  }

  /** The peer's listen addresses from its ready line, each with its /p2p part. */
  public List<String> addresses() {
    return addresses;
  }

  /**
   * Sends {@code command} with {@code arguments}, a fresh id and {@code deadline}, and waits for the reply with that
   * id; the reply's {@code "ok"} tells whether it succeeded.
   */
  public Map<String, Object> request(String command, Map<String, ?> arguments, Duration deadline)
      throws IOException, InterruptedException {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    Map<String, Object> line = new LinkedHashMap<>(arguments);
    line.put(COMMAND, command);
    line.put(DEADLINE_MS, deadline.toMillis());
    line.put("id", id);
    synchronized (stdin) {
      stdin.write((JsonLines.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    }
    try {
      return await(reply, deadline.plus(REPORT_GRACE), command + " (request " + id + ")");
    } finally {
      pending.remove(id);
    }
  }

  private Map<String, Object> await(CompletableFuture<Map<String, Object>> reply, Duration deadline, String what)
      throws InterruptedException {
    try {
      return reply.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the peer gave no answer to " + what + " within " + deadline + exitStatus());
    } catch (ExecutionException e) {
      throw new IllegalStateException("the peer gave no answer to " + what + exitStatus(), e.getCause());
    }
  }

  private String exitStatus() {
    return process.isAlive() ? "" : " (exited with " + process.exitValue() + ")";
  }

  private void readLoop() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        // Only JSON objects are messages; a library's stray print is not.
        if (!line.startsWith("{")) {
          continue;
        }
        Map<String, Object> message = JsonLines.object(line);
        if ("ready".equals(message.get("event"))) {
          ready.complete(message);
        } else if (message.get("id") instanceof Number id) {
          CompletableFuture<Map<String, Object>> reply = pending.get(id.intValue());
          if (reply != null) {
            reply.complete(message);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.completeExceptionally(e);
    }
    IllegalStateException gone = new IllegalStateException("the peer's stdout closed");
    ready.completeExceptionally(gone);
    pending.values().forEach(reply -> reply.completeExceptionally(gone));
  }

  /** Closes the peer's stdin, which ends it, and waits for it to exit; kills it if it does not. */
  @Override
  public void close() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException e) {
      // Already gone.
    }
    if (!process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}

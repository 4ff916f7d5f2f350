package io.rvnt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A throwaway DNS server on a free loopback port (Debian's dnsmasq-base), serving the TXT records it is given and
 * nothing else: no upstream, no /etc/hosts, no configuration file, names under {@code .test} (RFC 6761) answered
 * from these records only (NXDOMAIN otherwise). Runs in the foreground ({@code --no-daemon}: it also answers TCP
 * itself, without forking); its log goes to stderr and is kept in memory only. A missing dnsmasq fails loudly.
 */
public final class Dnsmasq implements AutoCloseable {
  public static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
  /** Longest character-string of TXT data (RFC 1035 section 3.3); longer texts are split into several. */
  private static final int MAX_TXT_STRING = 255;
  private static final Duration START_DEADLINE = Duration.ofSeconds(20);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final StringBuffer log;

  private Dnsmasq(Process process, int port, StringBuffer log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Serves {@code records}: for each name (under .test, without the trailing dot), one TXT record per text. A text
   * must not contain a comma (dnsmasq's separator).
   */
  public static Dnsmasq serving(Map<String, List<String>> records) throws IOException, InterruptedException {
    if (!Files.isExecutable(DNSMASQ)) {
      throw new IllegalStateException(DNSMASQ + " missing: run scripts/install-test-deps (dnsmasq-base)");
    }
    List<String> txt = new ArrayList<>();
    records.forEach((name, texts) -> {
      if (!name.endsWith(".test")) {
        throw new IllegalArgumentException("test names end in .test: " + name);
      }
      for (String text : texts) {
        if (text.indexOf(',') >= 0) {
          throw new IllegalArgumentException("a TXT text for dnsmasq has no comma: " + text);
        }
        txt.add("--txt-record=" + name + "," + String.join(",", strings(text)));
      }
    });
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(), "--no-daemon", "--conf-file=/dev/null",
          "--no-resolv", "--no-hosts", "--log-facility=-", "--bind-interfaces", "--listen-address=127.0.0.1",
          "--port=" + port, "--local=/test/"));
      command.addAll(txt);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      StringBuffer log = new StringBuffer();
      pump(process.getInputStream(), log);
      Dnsmasq server = new Dnsmasq(process, port, log);
      try {
        server.awaitListening();
        return server;
      } catch (IOException e) {
        // The free port may have been taken in between: another port, another try.
        server.close();
        last = e;
      }
    }
    throw last;
  }

  /** {@code text} cut into character-strings of at most 255 bytes. */
  private static List<String> strings(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (int start = 0; start < bytes.length; start += MAX_TXT_STRING) {
      out.add(new String(bytes, start, Math.min(MAX_TXT_STRING, bytes.length - start), StandardCharsets.UTF_8));
    }
    return out;
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(START_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("dnsmasq exited with " + process.exitValue() + ": " + log.toString().strip());
      }
      // dnsmasq opens its UDP and TCP sockets together, before it answers anything: TCP accepting means ready.
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        if (process.isAlive()) {
          return;
        }
      } catch (IOException e) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    throw new IOException("dnsmasq did not listen within " + START_DEADLINE + ": " + log.toString().strip());
  }

  /** Where it answers, UDP and TCP. */
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** {@code 127.0.0.1:PORT}, as {@code --dns-server} takes it. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** What dnsmasq printed so far, for failure messages. */
  public String log() {
    return log.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void pump(InputStream in, StringBuffer into) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[4096];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // dnsmasq exited.
      }
    }, "dnsmasq-log");
    t.setDaemon(true);
    t.start();
  }
}

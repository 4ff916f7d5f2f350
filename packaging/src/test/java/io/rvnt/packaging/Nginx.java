package io.rvnt.packaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's nginx-light in the foreground on a loopback port, serving the shipped site file
 * (packaging/nginx/rvnt-identity.conf) with only what a test machine needs changed: listen addresses, the TLS lines
 * and the upstream port. Every *_temp_path is inside the test folder; {@code -e /dev/null} keeps nginx from opening
 * its compiled-in error log before it reads the config.
 */
final class Nginx implements AutoCloseable {
  static final Path NGINX = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final Path prefix;
  private final int port;

  private Nginx(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /** The shipped site with its listeners moved to loopback test ports and the upstream at {@code upstreamPort}. */
  static String testSite(String shipped, int httpsPort, int httpPort, int upstreamPort) {
    String site = shipped;
    site = replaceOnce(site, "    listen 80;\n", "    listen 127.0.0.1:" + httpPort + ";\n");
    site = replaceOnce(site, "    listen [::]:80;\n", "");
    // TLS needs a Let's Encrypt certificate; what is under test is everything that reaches the upstream.
    site = replaceOnce(site, "    listen 443 ssl http2;\n", "    listen 127.0.0.1:" + httpsPort + ";\n");
    site = replaceOnce(site, "    listen [::]:443 ssl http2;\n", "");
    site = site.replaceAll("(?m)^    ssl_.*\\n", "");
    site = replaceOnce(site, "    server 127.0.0.1:8080;\n", "    server 127.0.0.1:" + upstreamPort + ";\n");
    return site;
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("the shipped site must contain exactly one '" + from.strip() + "'");
    }
    return text.replace(from, to);
  }

  static Nginx start(Path prefix, int upstreamPort) throws IOException, InterruptedException {
    if (!Files.isExecutable(NGINX)) {
      throw new IllegalStateException(NGINX + " missing: run scripts/install-test-deps (nginx-light)");
    }
    int port = freePort();
    String site = testSite(Files.readString(Shipped.file("nginx/rvnt-identity.conf")), port, freePort(),
        upstreamPort);
    Files.writeString(prefix.resolve("rvnt-identity.conf"), site);
    Path temp = Files.createDirectories(prefix.resolve("temp"));
    Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
        "daemon off;",
        "worker_processes 1;",
        "pid " + prefix.resolve("nginx.pid") + ";",
        "error_log /dev/null;",
        "events { worker_connections 128; }",
        "http {",
        "  client_body_temp_path " + temp.resolve("body") + ";",
        "  proxy_temp_path " + temp.resolve("proxy") + ";",
        "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
        "  scgi_temp_path " + temp.resolve("scgi") + ";",
        "  include " + prefix.resolve("rvnt-identity.conf") + ";",
        "}",
        ""));
    List<String> base = List.of(NGINX.toString(), "-p", prefix.toString(), "-e", "/dev/null", "-c",
        prefix.resolve("nginx.conf").toString());
    Shipped.Run check = Shipped.run(concat(base, "-t", "-q"));
    if (check.exit() != 0) {
      throw new IllegalStateException("nginx -t refused the shipped site: " + check.output());
    }
    Process process = new ProcessBuilder(base)
        .redirectOutput(prefix.resolve("stdout").toFile())
        .redirectError(prefix.resolve("stderr").toFile())
        .start();
    Nginx nginx = new Nginx(process, prefix, port);
    nginx.awaitListening();
    return nginx;
  }

  int port() {
    return port;
  }

  /** What nginx itself printed (stdout and stderr). */
  String output() throws IOException {
    return Files.readString(prefix.resolve("stdout")) + Files.readString(prefix.resolve("stderr"));
  }

  @Override
  public void close() throws InterruptedException {
    // SIGQUIT: graceful stop of master and workers.
    ProcessHandle.of(process.pid()).ifPresent(p -> {
      try {
        new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        p.destroyForcibly();
      }
    });
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited: " + output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    throw new IllegalStateException("nginx did not listen in time: " + output());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}

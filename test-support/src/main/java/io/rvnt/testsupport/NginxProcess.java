package io.rvnt.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx-light in the foreground ({@code daemon off}) serving one site file on a loopback port. Everything
 * it writes stays in its prefix folder: the config, the pid file, every {@code *_temp_path}, and its output;
 * {@code -e /dev/null} keeps it from opening its compiled-in error log before it reads the config. Checked with
 * {@code nginx -t} first, so a refused site fails with nginx's own words.
 */
public final class NginxProcess implements AutoCloseable {
  public static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Duration START_DEADLINE = Duration.ofSeconds(20);

  private final Process process;
  private final Path prefix;
  private final int port;

  private NginxProcess(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /**
   * Runs nginx in {@code prefix} with {@code site} (a file included in its {@code http} block, typically server
   * blocks) and returns once it accepts connections on {@code port}, where the site listens.
   */
  public static NginxProcess start(Path prefix, Path site, int port) throws IOException {
    if (!Files.isExecutable(NGINX)) {
      throw new IllegalStateException(NGINX + " missing: run scripts/install-test-deps (nginx-light)");
    }
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
        "  include " + site + ";",
        "}",
        ""));
    List<String> command = List.of(NGINX.toString(), "-p", prefix.toString(), "-e", "/dev/null", "-c",
        prefix.resolve("nginx.conf").toString());
    List<String> check = new ArrayList<>(command);
    check.addAll(List.of("-t", "-q"));
    CommandRun.Result checked = CommandRun.run(check);
    if (checked.exitCode() != 0) {
      throw new IllegalStateException("nginx -t refused the site: " + checked.stdout() + checked.stderr());
    }
    Process process = new ProcessBuilder(command)
        .redirectOutput(prefix.resolve("stdout").toFile())
        .redirectError(prefix.resolve("stderr").toFile())
        .start();
    NginxProcess nginx = new NginxProcess(process, prefix, port);
    if (!LoopbackPorts.awaitAccepting(port, process, START_DEADLINE)) {
      String why = process.isAlive() ? "did not listen within " + START_DEADLINE : "exited";
      nginx.close();
      throw new IllegalStateException("nginx " + why + ": " + nginx.output());
    }
    return nginx;
  }

  public int port() {
    return port;
  }

  /** What nginx itself printed (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(prefix.resolve("stdout")) + Files.readString(prefix.resolve("stderr"));
  }

  /** SIGQUIT: the graceful stop of master and workers; SIGKILL if that does not end it. */
  @Override
  public void close() {
    try {
      new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package io.rvnt.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The loopback admin listener: {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /metrics.pb} (a
 * {@code rvnt.metrics.v1.MetricsSnapshot}). Aggregates only. One worker thread: scrapes are rare.
 */
final class AdminServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static AdminServer start(InetSocketAddress address, BootstrapMetrics metrics) throws IOException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IOException("the admin listener must be on a loopback address");
    }
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rvnt-bootstrap-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
      } else if (exchange.getRequestURI().getPath().equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
            metrics.prometheus().getBytes(StandardCharsets.UTF_8));
      } else if (exchange.getRequestURI().getPath().equals("/metrics.pb")) {
        send(exchange, 200, "application/x-protobuf", metrics.snapshot().toByteArray());
      } else {
        send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
    return new AdminServer(server, executor);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package io.rvnt.packaging;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A stand-in for PagerDuty's Events API v2 on loopback: it keeps every event body Alertmanager posts to
 * {@code /v2/enqueue} and answers as PagerDuty does ({@code 202}). Thread-safe.
 */
final class LocalPagerDuty implements AutoCloseable {
  /** An event is a few KB; a bigger body is not one. */
  private static final int MAX_BODY = 256 * 1024;

  private final HttpServer server;
  private final List<String> events = new ArrayList<>(); // Guarded by this.

  LocalPagerDuty() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.createContext("/v2/enqueue", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        synchronized (this) {
          events.add(body);
        }
      }
      byte[] answer = "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue");
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

package io.rvnt.protocol.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scripted HTTP server on loopback for client tests: one canned answer per path, every request recorded. */
final class FakeServer implements AutoCloseable {
  /** A request as the server saw it. */
  record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  interface Answer {
    void answer(HttpExchange exchange, byte[] body) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      seen.add(new Seen(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
      Answer answer = answers.get(path);
      try {
        if (answer == null) {
          send(exchange, 404, new byte[0]);
        } else {
          answer.answer(exchange, body);
        }
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void on(String path, Answer answer) {
    answers.put(path, answer);
  }

  void on(String path, int status, byte[] body) {
    on(path, (exchange, request) -> send(exchange, status, body));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

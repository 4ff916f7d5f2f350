package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.rvnt.testsupport.NginxProcess;
import io.rvnt.testsupport.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped nginx site (server architecture, "Zero Logging Policy") in front of a real identity server process:
 * identifying headers never reach the upstream, nothing is logged anywhere, oversized bodies and bursts are refused
 * before the server sees them. An echo listener on loopback stands in for the server where the test must read the
 * headers the upstream receives (the server itself never logs headers).
 */
class NginxIT {
  static final List<String> STRIPPED =
      List.of("X-Real-IP", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "User-Agent",
          "Referer", "Cookie", "Via");

  /** Connecting to nginx on loopback on a busy machine: a deadline, not a duration. */
  static final Duration CONNECT_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_DEADLINE).build();

  @Test
  void upstreamNeverSeesIdentifyingHeaders() throws Exception {
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext("/", exchange -> {
      exchange.getRequestHeaders().forEach(seen::put);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    echo.start();
    try (NginxProcess nginx = Nginx.start(dir, echo.getAddress().getPort())) {
      HttpRequest.Builder request = HttpRequest.newBuilder(url(nginx, "/v1/bundle/alice"))
          .header("X-Real-IP", "203.0.113.7")
          .header("X-Forwarded-For", "203.0.113.7, 198.51.100.2")
          .header("X-Forwarded-Proto", "https")
          .header("X-Forwarded-Host", "example.org")
          .header("Forwarded", "for=203.0.113.7")
          .header("User-Agent", "Identifying/1.0 (Device 1234)")
          .header("Referer", "https://example.org/contacts")
          .header("Cookie", "session=abc")
          .header("Via", "1.1 proxy.example.org");
      HttpResponse<Void> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as("nginx proxied the request to the echo upstream").isEqualTo(204);
    } finally {
      echo.stop(0);
    }
    for (String header : STRIPPED) {
      assertThat(seen.keySet().stream().map(String::toLowerCase))
          .as("the upstream must not receive " + header + "; it saw " + seen.keySet())
          .doesNotContain(header.toLowerCase());
    }
    assertThat(seen.toString()).as("no address of the client reaches the upstream in any header")
        .doesNotContain("203.0.113.7").doesNotContain("127.0.0.1:");
  }

  @Test
  void proxiesToTheIdentityServerAndLogsNothing() throws Exception {
    try (ServerProcess server = ServerProcess.start(Files.createDirectories(dir.resolve("data")));
        NginxProcess nginx =
            Nginx.start(Files.createDirectories(dir.resolve("nginx")), server.apiAddress().getPort())) {
      HttpResponse<byte[]> missing = http.send(
          HttpRequest.newBuilder(url(nginx, "/v1/bundle/nobody_here")).header("X-Forwarded-For", "203.0.113.9")
              .GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(missing.statusCode()).as("the identity server answered through nginx").isEqualTo(404);
      HttpResponse<byte[]> notFound = http.send(HttpRequest.newBuilder(url(nginx, "/nothing/here")).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(notFound.statusCode()).isEqualTo(404);

      assertThat(nginx.output()).as("nginx wrote nothing to stdout or stderr").isEmpty();
      assertThat(server.output()).as("the server printed only its listening lines")
          .doesNotContain("203.0.113.9").doesNotContain("nobody_here").doesNotContain("/nothing/here");
      List<Path> written;
      try (Stream<Path> files = Files.walk(dir.resolve("nginx"))) {
        written = files.filter(Files::isRegularFile).toList();
      }
      assertThat(written).as("no access log, error log or temp file: only the config and the pid file")
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("nginx.conf", "rvnt-identity.conf", "nginx.pid", "stdout", "stderr");
    }
  }

  @Test
  void refusesOversizedBodiesBeforeTheServerSeesThem() throws Exception {
    Map<String, Integer> upstreamHits = new ConcurrentHashMap<>();
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext("/", exchange -> {
      upstreamHits.merge("hits", 1, Integer::sum);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    echo.start();
    try (NginxProcess nginx = Nginx.start(dir, echo.getAddress().getPort())) {
      HttpResponse<Void> fits = post(nginx, new byte[32 * 1024]);
      assertThat(fits.statusCode()).as("a body of exactly the 32 KiB limit passes").isEqualTo(204);
      HttpResponse<Void> tooBig = post(nginx, new byte[32 * 1024 + 1]);
      assertThat(tooBig.statusCode()).as("one byte over the 32 KiB limit is refused").isEqualTo(413);
    } finally {
      echo.stop(0);
    }
    assertThat(upstreamHits.get("hits")).as("only the body that fits reached the upstream").isEqualTo(1);
  }

  @Test
  void refusesBurstsAboveTheRateLimitBeforeTheServerSeesThem() throws Exception {
    AtomicInteger upstreamHits = new AtomicInteger();
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext("/", exchange -> {
      upstreamHits.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    echo.start();
    try (NginxProcess nginx = Nginx.start(dir, echo.getAddress().getPort())) {
      // The site allows 10 requests/s with a burst of 20: however slow this machine, the first refusal must come
      // before 20 + 1 + 10 per elapsed second requests went through.
      Instant start = Instant.now();
      int accepted = 0;
      boolean refused = false;
      for (int i = 0; i < 5_000 && !refused; i++) {
        int status = http.send(HttpRequest.newBuilder(url(nginx, "/v1/prekey-count")).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 429) {
          refused = true;
        } else {
          assertThat(status).as("a request within the limit reaches the upstream").isEqualTo(204);
          accepted++;
        }
      }
      double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      assertThat(refused).as("a burst is refused with 429, the status of limit_req").isTrue();
      assertThat((double) accepted).as("accepted before the first refusal, in %.1f s", seconds)
          .isLessThanOrEqualTo(21 + 10 * Math.ceil(seconds) + 1);
      assertThat(upstreamHits.get()).as("the refused request never reached the upstream: nginx refused it")
          .isEqualTo(accepted);
    } finally {
      echo.stop(0);
    }
  }

  private HttpResponse<Void> post(NginxProcess nginx, byte[] body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url(nginx, "/v1/register"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static URI url(NginxProcess nginx, String path) {
    return URI.create("http://127.0.0.1:" + nginx.port() + path);
  }
}

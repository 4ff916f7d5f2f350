package io.rvnt.remote.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs, and the operator's POST actions, on a service's admin listener through a tunnel's local port (loopback only,
 * plain HTTP).
 */
final class AdminHttp {
  record Response(int status, String body) {}

  record BinaryResponse(int status, byte[] body) {}

  private final HttpClient client;
  private final Duration timeout;

  AdminHttp(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  Response get(int localPort, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + localPort + path))
        .timeout(timeout).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  /** An admin action ({@code POST}, no body), whose answer may take up to {@code answerTimeout}. */
  Response post(int localPort, String pathAndQuery, Duration answerTimeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + localPort + pathAndQuery))
        .timeout(answerTimeout).POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  /** As {@link #get}, for a binary answer ({@code /metrics.pb}). */
  BinaryResponse getBytes(int localPort, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + localPort + path))
        .timeout(timeout).GET().build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new BinaryResponse(response.statusCode(), response.body());
  }
}

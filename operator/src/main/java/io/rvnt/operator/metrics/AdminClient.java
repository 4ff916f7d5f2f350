package io.rvnt.operator.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.protocol.metrics.EndpointStats;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads an admin listener: {@code GET /health} and {@code GET /metrics.pb}. These are the only things the console
 * can see of a server; they are aggregates by construction (resources/proto/metrics.proto). Thread-safe.
 */
public final class AdminClient {
  /** An admin listener is on loopback or behind an SSH tunnel; two seconds is generous. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** A snapshot is a few hundred bytes per endpoint; anything past this is not a snapshot. */
  public static final int DEFAULT_MAX_SNAPSHOT_BYTES = 256 * 1024;

  private final HttpClient http;
  private final Duration timeout;
  private final int maxSnapshotBytes;

  public AdminClient(Duration timeout, int maxSnapshotBytes) {
    this.timeout = timeout;
    this.maxSnapshotBytes = maxSnapshotBytes;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public AdminClient() {
    this(DEFAULT_TIMEOUT, DEFAULT_MAX_SNAPSHOT_BYTES);
  }

  /** Whether {@code /health} answers 200 in time; every RVNT server's admin listener has it (docs/admin.md). */
  public boolean health(URI admin) throws InterruptedException {
    try {
      return http.send(request(admin, "/health"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /metrics.pb}, converted. */
  public MetricsSample metrics(URI admin) throws OperatorException, InterruptedException {
    byte[] body;
    try {
      HttpResponse<InputStream> response = http.send(request(admin, "/metrics.pb"),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new OperatorException(Reason.BAD_ANSWER, "metrics answered HTTP " + response.statusCode());
        }
        body = in.readNBytes(maxSnapshotBytes + 1);
      }
    } catch (IOException e) {
      throw new OperatorException(Reason.IO, "metrics did not answer: " + e.getMessage(), e);
    }
    if (body.length > maxSnapshotBytes) {
      throw new OperatorException(Reason.BAD_ANSWER, "metrics snapshot larger than " + maxSnapshotBytes + " bytes");
    }
    return parse(body);
  }

  /** A {@code /metrics.pb} body, however it was fetched (here, or through an SSH forward by {@code remote}). */
  public static MetricsSample parse(byte[] body) throws OperatorException {
    try {
      return convert(MetricsSnapshot.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new OperatorException(Reason.BAD_ANSWER, "metrics answer is not a MetricsSnapshot", e);
    }
  }

  static MetricsSample convert(MetricsSnapshot snapshot) {
    List<EndpointSample> endpoints = snapshot.getEndpointsList().stream().map(AdminClient::convert).toList();
    return new MetricsSample(snapshot.getRole(), snapshot.getVersion(), Duration.ofMillis(snapshot.getUptimeMs()),
        Instant.ofEpochMilli(snapshot.getTakenAtMs()), endpoints, snapshot.getDataDirBytes(),
        snapshot.getDiskFreeBytes(), snapshot.getDiskTotalBytes(), snapshot.getHeapUsedBytes(),
        snapshot.getHeapMaxBytes(), snapshot.getOpenConnections(), snapshot.getGaugesMap(),
        snapshot.getCountersMap());
  }

  private static EndpointSample convert(EndpointStats stats) {
    return new EndpointSample(stats.getEndpoint(), stats.getRequests(), stats.getErrors4Xx(), stats.getErrors5Xx(),
        stats.getRateLimited(), stats.getP50Ms(), stats.getP95Ms(), stats.getP99Ms());
  }

  private HttpRequest request(URI admin, String path) {
    String base = admin.toString().endsWith("/") ? admin.toString().substring(0, admin.toString().length() - 1)
        : admin.toString();
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
  }
}

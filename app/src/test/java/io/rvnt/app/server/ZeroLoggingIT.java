package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.app.AggregateLogLines;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 and spec §10: at the most verbose log level, traffic with known usernames, circuit ids and keys leaves
 * none of them, nor the client's address or port, in the output; and the data directory holds nothing about users
 * outside RocksDB's own data files. The periodic aggregate lines, logged every second here, are part of the output
 * checked: fixed text and numbers only, their periods adding up to the counters of /metrics.
 */
class ZeroLoggingIT {
  static final int CIRCUIT_A = 0x7A3B9C1D;
  static final int CIRCUIT_B = 0x5E6F7081;
  static final byte[] EMPTY = new byte[0];

  /** The lines come every second; the deadline only keeps a broken server from hanging the build. */
  static final Duration AGGREGATE_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void nothingIdentifyingReachesTheOutputOrTheDataDirectory() throws Exception {
    TestIdentity alpha = TestIdentity.create("zqxuser_alpha");
    TestIdentity beta = TestIdentity.create("zqxuser_beta");
    List<String> secrets = new ArrayList<>(List.of(
        "zqxuser", "ZQXUSER", "7a3b9c1d", "7A3B9C1D", "7a3b:9c1d", Long.toString(CIRCUIT_A & 0xffffffffL),
        "5e6f7081", "5e6f:7081", Long.toString(CIRCUIT_B & 0xffffffffL), "2001:db8", "4dad"));
    for (TestIdentity user : List.of(alpha, beta)) {
      secrets.add(HexFormat.of().formatHex(user.identityKey()));
      secrets.add(Base64.getEncoder().encodeToString(user.identityKey()));
      secrets.add(Base64.getEncoder().encodeToString(user.signedPreKey().publicKey()));
      secrets.add(HexFormat.of().formatHex(user.signedPreKey().publicKey()));
    }
    List<Integer> clientPorts = new ArrayList<>();
    Path data = dir.resolve("data");
    // No receive timeout within the test's read timeout: a connection the server ends, it ends for its input.
    ServerProcess server = ServerProcess.start(data, "--config",
        ServerApi.config(dir, "request-receive-timeout = 60m").toString(), "--log-level", "trace",
        "--aggregate-log-interval", "1s");
    try {
      ServerApi api = new ServerApi(server);
      try (RawHttp a = api.connect().send(RawHttp.proxyV1Tor(CIRCUIT_A));
          RawHttp b = api.connect().send(RawHttp.proxyV2Tor(CIRCUIT_B));
          RawHttp notTor = api.connect().send(RawHttp.proxyV1("2001:db8::1", "::1", 40000, 80))) {
        clientPorts.addAll(List.of(a.localPort(), b.localPort(), notTor.localPort()));
        assertThat(a.exchange("POST", "/v1/register", protobuf(Headers.POW, alpha.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
            alpha.registrationBody(5)).status()).isEqualTo(201);
        assertThat(b.exchange("POST", "/v1/register", protobuf(Headers.POW, beta.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
            beta.registrationBody(5)).status()).isEqualTo(201);
        assertThat(b.exchange("POST", "/v1/register", protobuf(Headers.POW, beta.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
            beta.registrationBody(5)).status()).as("taken").isEqualTo(409);
        assertThat(a.exchange("GET", "/v1/bundle/zqxuser_beta", Map.of(), EMPTY).status()).isEqualTo(200);
        assertThat(notTor.exchange("GET", "/v1/bundle/zqxuser_alpha", Map.of(), EMPTY).status()).isEqualTo(200);
        assertThat(a.exchange("GET", "/v1/bundle/zqxuser_ghost", Map.of(), EMPTY).status()).isEqualTo(404);
        assertThat(a.exchange("GET", "/v1/bundle/ZQXUSER_GAMMA", Map.of(), EMPTY).status()).isEqualTo(400);
        byte[] upload = WireCodec.encodeUpload(
            new PreKeyUpload(TestIdentity.oneTimePreKeys(100, 3), Optional.empty(), Optional.empty()));
        Map<String, String> signed = new LinkedHashMap<>(alpha.signedHeaders("PUT", "/v1/prekeys",
            System.currentTimeMillis(), upload, TestPow.now(ServerApi.WRITE_BITS)));
        secrets.add(signed.get(Headers.SIGNATURE));
        signed.put("Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
        assertThat(a.exchange("PUT", "/v1/prekeys", signed, upload).status()).isEqualTo(200);
        assertThat(a.exchange("PUT", "/v1/prekeys", signed, upload).status()).as("replayed").isEqualTo(409);
        assertThat(b.exchange("DELETE", "/v1/identity", beta.signedHeaders("DELETE", "/v1/identity",
            System.currentTimeMillis(), EMPTY, TestPow.now(ServerApi.WRITE_BITS)), EMPTY).status()).isEqualTo(200);
        assertThat(b.exchange("POST", "/v1/register", protobuf(),
            "zqxuser_in_a_malformed_body".getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(400);
      }
      // Each malformed input, and how the server ends its connection: silently, or after its refusal.
      Map<String, String> malformedInputs = new LinkedHashMap<>();
      malformedInputs.put("PROXY TCP6 zqxuser_proxy ::1 1 2\r\n", "");
      malformedInputs.put("GET /v1/bundle/zqxuser_" + "x".repeat(1_100) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "HTTP/1.1 414 ");
      malformedInputs.put("GET /v1/params HTTP/1.1\r\nX-Zqxuser: " + "y".repeat(9_000) + "\r\n\r\n",
          "HTTP/1.1 431 ");
      malformedInputs.put("POST /v1/register HTTP/1.1\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: 40000\r\n\r\nzqxuser", "HTTP/1.1 413 ");
      malformedInputs.put("\u0000\u0001zqxuser garbage\r\n\r\n", "HTTP/1.1 400 ");
      for (Map.Entry<String, String> malformed : malformedInputs.entrySet()) {
        try (RawHttp raw = api.connect()) {
          clientPorts.add(raw.localPort());
          raw.send(malformed.getKey().getBytes(StandardCharsets.ISO_8859_1));
          String answer = raw.answerBeforeClose();
          if (malformed.getValue().isEmpty()) {
            assertThat(answer).as("a malformed PROXY header ends the connection without an answer").isEmpty();
          } else {
            assertThat(answer).as("malformed input ends the connection after its refusal")
                .startsWith(malformed.getValue());
          }
        }
      }
      URI admin = server.adminUrl();
      for (String route : List.of("register", "bundle", "prekeys")) {
        long served = AggregateLogLines.sample(admin, "rvnt_identity_requests_total{endpoint=\"" + route + "\"}");
        assertThat(served).as("%s requests were answered", route).isPositive();
        Await.until(AGGREGATE_DEADLINE, "the aggregate lines' periods add up to the " + route + " counter",
            () -> AggregateLogLines.requestsLogged(server.output(), route) == served);
      }
      assertThat(server.stop()).isEqualTo(143);
    } finally {
      server.close();
    }

    String output = server.output();
    assertThat(output).as("the most verbose level does log").contains("identity server started");
    for (String secret : secrets) {
      assertThat(output).as("output never contains a user's data").doesNotContain(secret);
    }
    for (int port : clientPorts) {
      assertThat(output).as("no client port").doesNotContain(":" + port).doesNotContain(" " + port + " ");
    }
    assertThat(output).as("no client address in Java's socket form").doesNotContainPattern("(?<!http:/)/127\\.0\\.0\\.1");
    assertThat(output).as("stop is logged even during JVM shutdown").contains("identity server stopped");
    AggregateLogLines.assertFixedText(output, "identity", "second", true);
    assertThat(AggregateLogLines.of(output)).as("errors are counted per route in their period")
        .anyMatch(l -> l.matches("register: \\d+ requests?, [1-9]\\d* errors? .*"));

    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        assertThat(name).as("RocksDB's info log is off").doesNotStartWith("LOG");
        assertThat(name.endsWith(".sst") || name.endsWith(".log") || name.startsWith("MANIFEST-")
            || name.equals("CURRENT") || name.equals("IDENTITY") || name.equals("LOCK")
            || name.startsWith("OPTIONS-")).as("only RocksDB's documented files: %s", name).isTrue();
        if (!name.endsWith(".sst") && !name.endsWith(".log") && !name.startsWith("MANIFEST-")) {
          String content = ServerProcess.readLenient(file);
          for (String secret : secrets) {
            assertThat(content).as("%s holds no user data", name).doesNotContain(secret);
          }
        }
      }
    }
  }

  private static Map<String, String> protobuf(String... headerPairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return headers;
  }
}

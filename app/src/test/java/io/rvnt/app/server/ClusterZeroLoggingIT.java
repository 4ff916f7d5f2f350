package io.rvnt.app.server;

import static io.rvnt.app.server.ZeroLoggingIT.CIRCUIT_A;
import static io.rvnt.app.server.ZeroLoggingIT.CIRCUIT_B;
import static io.rvnt.app.server.ZeroLoggingIT.EMPTY;
import static io.rvnt.app.server.ZeroLoggingIT.protobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 on the cluster: its three members at trace level, under registrations, OPK-taking fetches and a signed
 * upload through both instances (the follower forwarding to the leader), bad input to the Raft listener, and a
 * failover (the leader killed, writes through the other instance, the leader back), print no username, key,
 * signature, request body, client address or port, or circuit id, killed member included; Ratis's own logging stays
 * off. Each member's store holds users' data only in RocksDB's data files, and its Raft log and metadata hold nothing
 * the store does not: no circuit id, client address, signature, refused body or stranger's bytes.
 */
class ClusterZeroLoggingIT {
  /** Generous on a busy 2-core machine: JVM starts, elections, a restart; no timing assertion. */
  private static final Duration DEADLINE = Duration.ofSeconds(180);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ClusterProcesses cluster;
  private final List<Integer> clientPorts = new ArrayList<>();

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void nothingIdentifyingReachesAnyMembersOutputOrRaftFiles() throws Exception {
    TestIdentity alpha = TestIdentity.create("zqxuser_alpha");
    TestIdentity beta = TestIdentity.create("zqxuser_beta");
    TestIdentity gamma = TestIdentity.create("zqxuser_gamma");
    List<String> secrets = ZeroLoggingIT.secrets(alpha, beta, gamma);
    // What the store never holds: the circuit ids and client address of the envelope, bodies it refused, a
    // stranger's bytes (and, added below, a request's signature).
    List<String> neverStored = new ArrayList<>(List.of("7a3b9c1d", "7A3B9C1D", "7a3b:9c1d", "5e6f7081", "5e6f:7081",
        "2001:db8", "4dad", "zqxbody_refused", "zqxraft_garbage"));
    cluster = ClusterProcesses.create(dir, "log-level = trace", "aggregate-log-interval = 1s",
        "cluster-election-timeout = 1s", "cluster-request-timeout = 15s", "request-receive-timeout = 60m");
    cluster.startAllLedByTheActive(DEADLINE);
    InetSocketAddress leaderApi = api("alpha");
    InetSocketAddress followerApi = api("beta");

    try (RawHttp a = connect(leaderApi).send(RawHttp.proxyV1Tor(CIRCUIT_A));
        RawHttp b = connect(followerApi).send(RawHttp.proxyV2Tor(CIRCUIT_B));
        RawHttp notTor = connect(followerApi).send(RawHttp.proxyV1("2001:db8::1", "::1", 40000, 80))) {
      assertThat(a.exchange("POST", "/v1/register", protobuf(Headers.POW, alpha.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
          alpha.registrationBody(5)).status()).as("registered on the leader").isEqualTo(201);
      assertThat(b.exchange("POST", "/v1/register", protobuf(Headers.POW, beta.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
          beta.registrationBody(5)).status()).as("registered through the follower").isEqualTo(201);
      assertThat(b.exchange("POST", "/v1/register", protobuf(Headers.POW, beta.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
          beta.registrationBody(5)).status()).as("taken").isEqualTo(409);
      assertThat(b.exchange("GET", "/v1/bundle/zqxuser_alpha", Map.of(), EMPTY).status())
          .as("an OPK taken through the follower").isEqualTo(200);
      assertThat(notTor.exchange("GET", "/v1/bundle/zqxuser_beta", Map.of(), EMPTY).status()).isEqualTo(200);
      assertThat(a.exchange("GET", "/v1/bundle/zqxuser_ghost", Map.of(), EMPTY).status()).isEqualTo(404);
      byte[] upload = WireCodec.encodeUpload(
          new PreKeyUpload(TestIdentity.oneTimePreKeys(100, 3), Optional.empty(), Optional.empty()));
      Map<String, String> signed = new LinkedHashMap<>(alpha.signedHeaders("PUT", "/v1/prekeys",
          System.currentTimeMillis(), upload, TestPow.now(ServerApi.WRITE_BITS)));
      secrets.add(signed.get(Headers.SIGNATURE));
      neverStored.add(signed.get(Headers.SIGNATURE));
      signed.put("Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
      assertThat(b.exchange("PUT", "/v1/prekeys", signed, upload).status()).as("uploaded through the follower")
          .isEqualTo(200);
      assertThat(b.exchange("PUT", "/v1/prekeys", signed, upload).status()).as("replayed").isEqualTo(409);
      assertThat(b.exchange("POST", "/v1/register", protobuf(),
          "zqxbody_refused zqxuser_in_a_malformed_body".getBytes(StandardCharsets.US_ASCII)).status())
          .isEqualTo(400);
    }
    try (Socket stranger = new Socket()) {
      stranger.connect(cluster.raftAddress("alpha"), (int) HTTP_TIMEOUT.toMillis());
      clientPorts.add(stranger.getLocalPort());
      OutputStream out = stranger.getOutputStream();
      out.write("zqxraft_garbage zqxuser_raft\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The listener ends the connection: reading returns -1 (or the reset surfaces as an exception).
      try {
        stranger.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
        stranger.getInputStream().readAllBytes();
      } catch (IOException e) {
        // Reset by the listener: refused either way.
      }
    }

    cluster.kill("alpha");
    Await.until(DEADLINE, () -> "a registration through beta is acknowledged once alpha is gone\n"
        + cluster.output(), () -> register(followerApi, gamma) == 201);
    try (RawHttp b = connect(followerApi).send(RawHttp.proxyV1Tor(CIRCUIT_B))) {
      assertThat(b.exchange("GET", "/v1/bundle/zqxuser_gamma", Map.of(), EMPTY).status())
          .as("an OPK taken from the new leader").isEqualTo(200);
    }
    cluster.start("alpha");
    Await.until(DEADLINE, () -> "alpha leads again\n" + cluster.output(),
        () -> cluster.agreedLeader().filter("alpha"::equals).isPresent());
    Await.until(DEADLINE, "every member applied every committed entry", cluster::converged);
    for (String name : ClusterProcesses.NAMES) {
      cluster.stop(name);
    }

    String output = cluster.everyOutput();
    assertThat(output).as("the most verbose level does log").contains("identity server started")
        .contains("the cluster's leader is now beta");
    ZeroLoggingIT.assertNothingIdentifying(output, secrets, clientPorts);
    assertThat(output).as("Ratis's own lines (org.apache.ratis) stay off").doesNotContain("org.apache.ratis");
    for (String name : ClusterProcesses.NAMES) {
      ZeroLoggingIT.assertNoUserDataOutsideRocksDb(cluster.dataDir(name).resolve("state"), secrets);
      assertRaftFilesHoldNothingBeyondTheStore(cluster.dataDir(name).resolve("raft"), neverStored);
    }
  }

  /** The Raft log holds the store's values (usernames, keys); never what only the request or a stranger carried. */
  private static void assertRaftFilesHoldNothingBeyondTheStore(Path raft, List<String> neverStored)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(raft)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("the Raft log is on disk").isNotEmpty();
    for (Path file : files) {
      String content = ServerProcess.readLenient(file);
      for (String secret : neverStored) {
        assertThat(content).as("%s holds nothing the store does not", raft.relativize(file)).doesNotContain(secret);
      }
    }
  }

  private int register(InetSocketAddress api, TestIdentity user) {
    try (RawHttp http = connect(api)) {
      return http.exchange("POST", "/v1/register", protobuf(Headers.POW, user.registerPow(TestPow.now(ServerApi.REGISTER_BITS))),
          user.registrationBody(5)).status();
    } catch (IOException e) {
      return -1;
    }
  }

  private RawHttp connect(InetSocketAddress api) throws IOException {
    RawHttp http = RawHttp.connect(api, HTTP_TIMEOUT);
    clientPorts.add(http.localPort());
    return http;
  }

  private InetSocketAddress api(String name) {
    return cluster.member(name).orElseThrow().api().orElseThrow();
  }
}

package io.rvnt.app.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.client.IdentityClientException;
import io.rvnt.protocol.http.Defaults;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.dht.probe.DhtProbe;
import io.rvnt.dht.probe.NodeReport;
import io.rvnt.dht.probe.ProbeConfig;
import io.rvnt.dht.probe.ProbeReport;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.protocol.socks.SocksTunnel;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.RvntProcess;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import io.rvnt.testsupport.TorNetworks;
import io.rvnt.tor.OnionService;
import io.rvnt.tor.TorNetwork;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity server and a bootstrap node as real onion services: a server process whose onion listener requires
 * the PROXY header, behind the private Tor network's service tor running the shipped torrc lines
 * ({@code HiddenServiceExportCircuitID haproxy}), and a bootstrap node's TCP listener behind a plain onion service;
 * both reached through the network's client over SOCKS. One network for the class (starting one costs 15 s to over
 * a minute on a busy machine).
 */
class OnionServicesIT {
  private static final Duration START_DEADLINE = Duration.ofMinutes(3);
  /** Light proof of work: these tests are about Tor and rate limits, and the work is still checked. */
  private static final int REGISTER_BITS = 10;
  private static final int WRITE_BITS = 8;
  /** Spec §8's production per-circuit budgets, which this server runs with (its configuration leaves them). */
  private static final int API_PER_MINUTE = Defaults.CIRCUIT_REQUESTS_PER_MINUTE;
  private static final int REGISTER_PER_MINUTE = Defaults.CIRCUIT_REGISTRATIONS_PER_MINUTE;
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final Pattern BOOTSTRAP_LISTENING =
      Pattern.compile("^listening on /ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/(\\w+)$", Pattern.MULTILINE);
  /** The libp2p port a bootstrap node announces; the onion service forwards it to the node's loopback port. */
  private static final int BOOTSTRAP_ONION_PORT = 4001;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  private static ServerProcess server;
  private static RvntProcess bootstrap;
  private static String bootstrapPeerId;
  private static TorNetwork tor;
  private static String onionUrl;

  @BeforeAll
  static void start() throws IOException {
    int onionPort = LoopbackPorts.free();
    Path config = temp.resolve("identity.conf");
    Files.writeString(config, String.join("\n",
        "onion-listen = 127.0.0.1:" + onionPort,
        "onion-listen-proxy-protocol = required",
        "register-pow-bits = " + REGISTER_BITS,
        "write-pow-bits = " + WRITE_BITS,
        "pow-seed-key = " + TestPow.writeKey(temp.resolve("pow-seed.key")),
        "min-free-disk = 16MiB",
        // Everything the server would ever log, for the check that none of it names a circuit.
        "log-level = trace",
        ""));
    server = ServerProcess.start(temp.resolve("server-data"), "--config", config.toString());
    int bootstrapPort = LoopbackPorts.free();
    bootstrap = RvntProcess.start(List.of("-Xmx256m"), List.of("bootstrap", "--data-dir",
        temp.resolve("bootstrap-data").toString(), "--listen", "/ip4/127.0.0.1/tcp/" + bootstrapPort,
        "--admin", "127.0.0.1:0"));
    bootstrapPeerId = bootstrap.awaitStdout(BOOTSTRAP_LISTENING, START_DEADLINE).group(1);
    tor = TorNetworks.start(temp.resolve("tor"), OnionService.identity(onionPort),
        OnionService.plain("bootstrap", BOOTSTRAP_ONION_PORT, bootstrapPort));
    onionUrl = "http://" + tor.onionAddress("identity");
  }

  @AfterAll
  static void stop() {
    if (tor != null) {
      tor.close();
    }
    if (server != null) {
      server.close();
    }
    if (bootstrap != null) {
      bootstrap.close();
    }
  }

  @Test
  void aBootstrapNodeBehindAnOnionServiceAnswersLibp2pAndDhtLookupsThroughTor() throws Exception {
    // TCP over SOCKS: the tunnel's loopback end stands for the onion service, so the dialer needs no SOCKS support.
    try (SocksTunnel tunnel = SocksTunnel.open(tor.socks("dht-probe"), tor.onionAddress("bootstrap"),
        BOOTSTRAP_ONION_PORT, TorNetworks.REQUEST_DEADLINE)) {
      Multiaddr throughTor = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + tunnel.port() + "/p2p/" + bootstrapPeerId);
      ProbeReport report = new DhtProbe(new ProbeConfig("/rvnt/kad/1.0.0", 2, 3, PROBE_TIMEOUT))
          .probe(List.of(throughTor));
      NodeReport node = report.nodes().get(0);
      assertThat(node.transports()).as("the node's TCP listener answers through the onion service: %s", report)
          .isNotEmpty().allSatisfy(t -> assertThat(t.reachable()).isTrue());
      assertThat(node.speaksDht()).as("it speaks the DHT protocol through Tor").isTrue();
      assertThat(node.lookupsConverge()).as("DHT lookups through Tor converge: %s", report).isTrue();
    }
  }

  @Test
  void theCommandLineRegistersFetchesReplenishesAndDeletesThroughTheOnionService() throws Exception {
    Path keystore = temp.resolve("cli-keystore");
    String socks = "127.0.0.1:" + tor.socksPort();
    List<String> account = List.of("--server", onionUrl, "--socks", socks, "--username", "olivia",
        "--keystore", keystore.toString());

    assertThat(rvnt("identity", "register", account, "--prekeys", "2").requireSuccess().stdout())
        .as("registered through Tor").contains("registered olivia with 2 one-time prekeys");
    assertThat(rvnt("identity", "bundle", List.of("--server", onionUrl, "--socks", socks), "olivia")
        .requireSuccess().stdout())
        .as("the bundle fetched through Tor verifies").contains("bundle of olivia verified")
        .contains("one-time prekey id: 1");
    assertThat(rvnt("identity", "prekeys", account, "--add", "3").requireSuccess().stdout())
        .as("replenished through Tor").contains("one-time prekeys on the server: 4");
    assertThat(rvnt("identity", "count", account).requireSuccess().stdout())
        .contains("one-time prekeys on the server: 4");
    rvnt("identity", "delete", account).requireSuccess();
    CommandRun.Result gone = rvnt("identity", "bundle", List.of("--server", onionUrl, "--socks", socks), "olivia");
    assertThat(gone.exitCode()).as("the deleted user has no bundle").isEqualTo(1);
    assertThat(gone.stderr()).contains("404");
  }

  @Test
  void anOnionUrlWithoutSocksIsRefusedWithAClearError() throws Exception {
    CommandRun.Result refused = rvnt("identity", "bundle", List.of("--server", onionUrl), "olivia");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr().strip()).as("the rule: .onion URLs need --socks")
        .isEqualTo("rvnt: a .onion server is reachable only through Tor: add --socks HOST:PORT (Tor's SocksPort,"
            + " e.g. 127.0.0.1:9050)");
  }

  @Test
  void eachCircuitGetsExactlyItsBudgetThenTheProtocolsErrorAndNoCircuitIdIsRecorded() throws Exception {
    try (IdentityClient circuitA = client("circuit-a"); IdentityClient circuitB = client("circuit-b")) {
      long start = System.nanoTime();
      int registered = 0;
      IdentityClientException refusedRegistration = null;
      while (refusedRegistration == null && registered <= REGISTER_PER_MINUTE * 3) {
        TestIdentity user = TestIdentity.create("tor_user_" + USERS.incrementAndGet());
        try {
          circuitA.register(user.registration(1), TestPow.now(REGISTER_BITS), done -> {});
          registered++;
        } catch (IdentityClientException e) {
          refusedRegistration = e;
        }
      }
      Duration registering = Duration.ofNanos(System.nanoTime() - start);
      assertRateLimited(refusedRegistration);
      // The bucket starts full with a minute's budget and refills one token per (minute / budget) meanwhile.
      assertThat(registered).as("one circuit registers its per-minute budget, plus what refilled in %s", registering)
          .isBetween(REGISTER_PER_MINUTE, REGISTER_PER_MINUTE + refilled(registering, REGISTER_PER_MINUTE));

      int requests = registered;
      IdentityClientException refusedRequest = null;
      while (refusedRequest == null && requests <= API_PER_MINUTE * 3) {
        try {
          circuitA.params();
          requests++;
        } catch (IdentityClientException e) {
          refusedRequest = e;
        }
      }
      Duration spent = Duration.ofNanos(System.nanoTime() - start);
      assertRateLimited(refusedRequest);
      assertThat(requests).as("one circuit makes its per-minute API budget (registrations included), plus what "
          + "refilled in %s", spent).isBetween(API_PER_MINUTE, API_PER_MINUTE + refilled(spent, API_PER_MINUTE));

      assertThat(circuitB.params().protocolVersion()).as("another circuit has its own API budget")
          .isEqualTo(Defaults.PROTOCOL_VERSION);
      circuitB.register(TestIdentity.create("tor_user_" + USERS.incrementAndGet()).registration(1),
          TestPow.now(REGISTER_BITS), done -> {});
      assertRateLimited(catchThrowableOfType(() -> circuitA.params(), IdentityClientException.class));
    }

    String metrics = get(server.adminUrl().resolve("/metrics"));
    assertThat(metrics).as("the refusals are counted, in aggregate").containsPattern("rate_limited_total\\S* [1-9]");
    for (String text : List.of(server.output(), metrics)) {
      assertThat(text).as("no circuit id, in its address form or as a label, in the server's output or metrics")
          .doesNotContain("fc00:").doesNotContain("4dad").doesNotContainPattern("(?i)circuit[_ ]?id")
          .doesNotContain(tor.onionAddress("identity"));
    }
  }

  private static void assertRateLimited(IdentityClientException refusal) {
    assertThat(refusal).as("the budget ran out").isNotNull();
    assertThat(refusal.code()).as("the protocol's error for an exhausted budget").isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(refusal.status()).isEqualTo(429);
  }

  /** Tokens a bucket of {@code perMinute} regains in {@code elapsed}, rounded up, plus one for the moment between. */
  private static int refilled(Duration elapsed, int perMinute) {
    return (int) (elapsed.toMillis() * perMinute / 60_000) + 1;
  }

  private static IdentityClient client(String isolationKey) {
    return new IdentityClient(URI.create(onionUrl), ClientConfig.defaults().withPowThreads(1), Clock.systemUTC(),
        tor.socks(isolationKey));
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** One {@code rvnt} command as its own process; CommandRun's deadline fits one through Tor on a busy machine. */
  private static CommandRun.Result rvnt(String group, String command, List<String> options, String... more) {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("rvnt.jar"), group, command));
    line.addAll(options);
    line.addAll(List.of(more));
    return CommandRun.run(line, Map.of(), temp);
  }
}

package io.rvnt.app.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.sandbox.ChildCommand;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PeerKeyFile;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.Dnsmasq;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnsaddr end to end: three bootstrap nodes started as the sandbox starts them, the zone lines
 * {@code rvnt dht dnsaddr-records} prints for them served by a real DNS server on loopback (dnsmasq), and found
 * again by {@code rvnt dht probe} and by a fourth node given {@code --peer /dnsaddr/...}; a zone that is wrong
 * (ids, loops, depth, size) is refused with its own one-line error.
 */
class DnsaddrIT {

  /** JVMs starting on a busy 2-core machine: a deadline, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String DOMAIN = "boot.rvnt.test";
  private static final Pattern ZONE_LINE = Pattern.compile("^(\\S+)\\. \\d+ IN TXT ((?:\"[^\"]*\" ?)+)$");
  private static final Pattern TXT_STRING = Pattern.compile("\"([^\"]*)\"");

  /**
   * One client for every poll: a client per poll keeps its idle connection open until the node's idle timeout, and
   * past the admin listener's 16 connections (admin-max-connections) a slow poll finds its connection closed.
   */
  private static final HttpClient ADMIN = HttpClient.newHttpClient();

  @TempDir static Path sandboxRoot;
  @TempDir Path tmp;

  private static Sandbox sandbox;
  /** Every announced libp2p address of the three nodes (TCP and QUIC), with /p2p. */
  private static List<String> nodeAddresses;
  private static List<String> nodeIds;
  private final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void startThreeBootstrapNodes() throws Exception {
    sandbox = new Sandbox(sandboxRoot, ChildCommand.ofThisJar(), new SandboxPlan(SandboxPlan.Identity.NONE, 3, 0),
        Clock.systemUTC());
    sandbox.start(name -> { }, () -> false);
    nodeAddresses = sandbox.instances().stream().filter(i -> i.role() == Role.BOOTSTRAP)
        .flatMap(i -> i.status().endpoints().stream()).filter(e -> e.label().equals("p2p"))
        .map(Endpoint::address).toList();
    nodeIds = nodeAddresses.stream().map(a -> a.substring(a.lastIndexOf("/p2p/") + 5)).distinct().toList();
    assertThat(nodeIds).as("three nodes, each announcing its TCP and QUIC address").hasSize(3);
    assertThat(nodeAddresses).hasSize(6);
  }

  @AfterAll
  static void stopThem() {
    if (sandbox != null) {
      sandbox.stop();
    }
  }

  @AfterEach
  void stopWhatTheTestStarted() throws Exception {
    for (AutoCloseable c : running) {
      c.close();
    }
  }

  @Test
  void theProbeReachesEveryNodeThatTheRecordsPrintedByDnsaddrRecordsList() throws Exception {
    CommandRun.Result records = rvnt(withAddresses("dht", "dnsaddr-records", "--domain", DOMAIN))
        .requireSuccess("dnsaddr-records");
    assertThat(records.stdout().lines().toList()).as("one zone line per address").hasSize(6)
        .allSatisfy(l -> assertThat(l).startsWith("_dnsaddr." + DOMAIN + ". 300 IN TXT \"dnsaddr=/ip4/127.0.0.1/"));
    assertThat(records.stderr().lines().toList()).as("a warning per loopback address").hasSize(6)
        .allSatisfy(l -> assertThat(l).contains("is a loopback address"));
    Dnsmasq dns = serve(zone(records.stdout()));

    CommandRun.Result check = rvnt(withAddresses("dht", "dnsaddr-records", "--domain", DOMAIN, "--check",
        "--dns-server", dns.hostPort())).requireSuccess("dnsaddr-records --check");
    assertThat(check.stdout()).as("DNS serves exactly the running nodes")
        .contains("; DNS serves the 6 addresses of the running nodes under " + DOMAIN + ", and nothing else");

    CommandRun.Result probe = rvnt(List.of("dht", "probe", "--dns-server", dns.hostPort(), "/dnsaddr/" + DOMAIN));
    assertThat(probe.exitCode()).as("a healthy set found through DNS: %s %s", probe.stdout(), probe.stderr())
        .isZero();
    assertThat(probe.stdout()).contains("/dnsaddr/" + DOMAIN + ": 6 addresses of 3 nodes in DNS", "set: HEALTHY");
    for (String id : nodeIds) {
      assertThat(probe.stdout()).as("node %s probed and healthy", id).contains("node " + id + ": HEALTHY");
    }
  }

  @Test
  void theCheckListsWhatDnsServesThatNoRunningNodeHas() throws Exception {
    CommandRun.Result records = rvnt(withAddresses("dht", "dnsaddr-records", "--domain", DOMAIN))
        .requireSuccess("dnsaddr-records");
    Dnsmasq dns = serve(zone(records.stdout()));
    List<String> command = new ArrayList<>(List.of("dht", "dnsaddr-records", "--domain", DOMAIN, "--check",
        "--dns-server", dns.hostPort()));
    command.addAll(nodeAddresses.subList(0, 4));
    CommandRun.Result check = rvnt(command);
    assertThat(check.exitCode()).as("a mismatch is exit status 1").isEqualTo(1);
    assertThat(check.stdout().lines().filter(l -> l.startsWith("; in DNS, but no running node has it: ")))
        .as("the two addresses left out").hasSize(2);
  }

  @Test
  void aBootstrapNodeGivenTheDomainAsPeerConnectsToEveryNodeItListsButItself() throws Exception {
    Path data = tmp.resolve("fourth");
    String self = PeerId.fromPublicKey(PeerKeyFile.loadOrCreate(data, new SecureRandom()).publicKey()).toBase58();
    int port = freePort();
    Map<String, List<String>> zone = zone(rvnt(withAddresses("dht", "dnsaddr-records", "--domain", DOMAIN))
        .requireSuccess("dnsaddr-records").stdout());
    List<String> withSelf = new ArrayList<>(zone.get("_dnsaddr." + DOMAIN));
    withSelf.add("dnsaddr=/ip4/127.0.0.1/tcp/" + port + "/p2p/" + self);
    Dnsmasq dns = serve(Map.of("_dnsaddr." + DOMAIN, withSelf));

    Node fourth = bootstrap(data, "--listen", "/ip4/127.0.0.1/tcp/" + port, "--peer", "/dnsaddr/" + DOMAIN,
        "--dns-server", dns.hostPort());
    awaitMetric(fourth, "rvnt_bootstrap_routing_table_peers", 3);
    assertThat(metric(fourth, "rvnt_bootstrap_open_connections"))
        .as("connected to the three nodes, and not to itself").isEqualTo(3);
    assertThat(fourth.stderr()).as("no warning: every record was usable").doesNotContain("WARNING");
  }

  @Test
  void aBootstrapNodeSaysOnceWhyItsDnsaddrPeerCannotBeUsed() throws Exception {
    Dnsmasq dns = serve(loop());
    Node node = bootstrap(tmp.resolve("looping"), "--listen", "/ip4/127.0.0.1/tcp/0", "--peer",
        "/dnsaddr/loop-a.rvnt.test", "--dns-server", dns.hostPort());
    String warning = "rvnt bootstrap: WARNING: peer /dnsaddr/loop-a.rvnt.test: dnsaddr records loop: "
        + "loop-a.rvnt.test -> loop-b.rvnt.test -> loop-a.rvnt.test; looked up again every 30 s";
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!node.stderr().contains(warning)) {
      assertThat(Instant.now()).as("the warning within %s; stderr: %s", DEADLINE, node.stderr()).isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(node.process().isAlive()).as("the node keeps running and retries").isTrue();
  }

  @Test
  void aWrongPeerIdIsRefusedWithItsOwnError() throws Exception {
    Dnsmasq dns = serve(zone(rvnt(withAddresses("dht", "dnsaddr-records", "--domain", DOMAIN))
        .requireSuccess("dnsaddr-records").stdout()));
    String stranger = PeerId.fromPublicKey(io.rvnt.p2p.crypto.Keys.generateEd25519(new SecureRandom())
        .publicKey()).toBase58();
    assertRefused(dns, "/dnsaddr/" + DOMAIN + "/p2p/" + stranger,
        "none of the 6 dnsaddr records under " + DOMAIN + " carries the /p2p id asked for");
  }

  @Test
  void aLoopIsRefusedWithItsOwnError() throws Exception {
    assertRefused(serve(loop()), "/dnsaddr/loop-a.rvnt.test",
        "dnsaddr records loop: loop-a.rvnt.test -> loop-b.rvnt.test -> loop-a.rvnt.test");
  }

  @Test
  void aChainDeeperThanFourLookupsIsRefusedWithItsOwnError() throws Exception {
    Map<String, List<String>> zone = new LinkedHashMap<>();
    for (int i = 1; i < 5; i++) {
      zone.put("_dnsaddr.d" + i + ".rvnt.test", List.of("dnsaddr=/dnsaddr/d" + (i + 1) + ".rvnt.test"));
    }
    zone.put("_dnsaddr.d5.rvnt.test", List.of("dnsaddr=" + nodeAddresses.get(0)));
    assertRefused(serve(zone), "/dnsaddr/d1.rvnt.test",
        "the dnsaddr records of d1.rvnt.test nest deeper than 4 lookups (at d5.rvnt.test)");
  }

  @Test
  void anOversizedAnswerIsRefusedWithItsOwnError() throws Exception {
    String id = nodeIds.get(0);
    List<String> many = IntStream.range(0, 33)
        .mapToObj(i -> "dnsaddr=/ip4/127.0.0.1/tcp/" + (20000 + i) + "/p2p/" + id).toList();
    assertRefused(serve(Map.of("_dnsaddr.big.rvnt.test", many)), "/dnsaddr/big.rvnt.test",
        "the TXT answer for _dnsaddr.big.rvnt.test has 33 records, more than 32");
  }

  private void assertRefused(Dnsmasq dns, String address, String reason) {
    CommandRun.Result probe = rvnt(List.of("dht", "probe", "--dns-server", dns.hostPort(), address));
    assertThat(probe.exitCode()).as("refused: %s", probe.stderr()).isEqualTo(1);
    assertThat(probe.stderr().strip()).as("one line naming the address and the rule")
        .isEqualTo("rvnt: " + address + ": " + reason);
  }

  private static Map<String, List<String>> loop() {
    Map<String, List<String>> zone = new LinkedHashMap<>();
    zone.put("_dnsaddr.loop-a.rvnt.test", List.of("dnsaddr=/dnsaddr/loop-b.rvnt.test"));
    zone.put("_dnsaddr.loop-b.rvnt.test", List.of("dnsaddr=/dnsaddr/loop-a.rvnt.test"));
    return zone;
  }

  /** The TXT records of zone-file lines as printed by dnsaddr-records: name to texts, strings joined. */
  private static Map<String, List<String>> zone(String lines) {
    Map<String, List<String>> zone = new LinkedHashMap<>();
    for (String line : lines.lines().toList()) {
      Matcher m = ZONE_LINE.matcher(line);
      assertThat(m.matches()).as("a zone line: %s", line).isTrue();
      StringBuilder text = new StringBuilder();
      Matcher s = TXT_STRING.matcher(m.group(2));
      while (s.find()) {
        text.append(s.group(1));
      }
      zone.computeIfAbsent(m.group(1), n -> new ArrayList<>()).add(text.toString());
    }
    return zone;
  }

  private Dnsmasq serve(Map<String, List<String>> zone) throws IOException, InterruptedException {
    Dnsmasq dns = Dnsmasq.serving(zone);
    running.add(dns);
    return dns;
  }

  private static List<String> withAddresses(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(nodeAddresses);
    return all;
  }

  private CommandRun.Result rvnt(List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("rvnt.jar")));
    command.addAll(arguments);
    return CommandRun.run(command, Map.of(), tmp);
  }

  private record Node(Process process, String admin, StringBuffer err) implements AutoCloseable {
    String stderr() {
      return err.toString();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** {@code rvnt bootstrap} on {@code data}, with a loopback admin listener, once it printed its admin line. */
  private Node bootstrap(Path data, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", System.getProperty("rvnt.jar"), "bootstrap", "--data-dir", data.toString(),
        "--admin", "127.0.0.1:0", "--parent-pid", Long.toString(ProcessHandle.current().pid())));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).start();
    StringBuffer err = new StringBuffer();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    pump(p.getInputStream(), lines::add);
    pump(p.getErrorStream(), l -> err.append(l).append('\n'));
    Instant deadline = Instant.now().plus(DEADLINE);
    while (true) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith("admin listener on ")) {
        Node node = new Node(p, line.substring("admin listener on ".length()), err);
        running.add(node);
        return node;
      }
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        p.destroyForcibly();
        throw new AssertionError("the node did not start within " + DEADLINE + ": " + err);
      }
    }
  }

  private static void pump(java.io.InputStream in, java.util.function.Consumer<String> into) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          into.accept(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private static void awaitMetric(Node node, String name, long value) throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    long seen;
    while ((seen = metric(node, name)) < value) {
      assertThat(Instant.now()).as("%s reaches %d within %s (now %d); stderr: %s", name, value, DEADLINE, seen,
          node.stderr()).isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  private static long metric(Node node, String name) throws Exception {
    String body = ADMIN.send(HttpRequest.newBuilder(URI.create(node.admin())).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)").matcher(body);
    assertThat(m.find()).as("%s in the metrics", name).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

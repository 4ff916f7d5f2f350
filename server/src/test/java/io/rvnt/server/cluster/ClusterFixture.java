package io.rvnt.server.cluster;

import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.server.IdentityServer;
import io.rvnt.server.config.ConfigLoader;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.MutableClock;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.util.ExitUtils;

/**
 * A three-member identity cluster in this JVM on loopback (an active, a passive and a witness), each with its own
 * data directory, key and certificate, with short election timeouts and low proof-of-work difficulties. Members can
 * be stopped, started again, or wiped; their stores stay inspectable.
 */
final class ClusterFixture implements AutoCloseable {
  static final int REGISTER_BITS = 8;
  static final int WRITE_BITS = 4;
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final List<String> NAMES = List.of("alpha", "beta", "gamma");
  static final Map<String, String> ROLES = Map.of("alpha", "active", "beta", "passive", "gamma", "witness");

  final Path dir;
  final MutableClock clock = MutableClock.atFixedInstant();
  private final Map<String, Integer> raftPorts = new HashMap<>();
  private final Map<String, String> pins = new HashMap<>();
  private final Map<String, String> extra;
  private final Map<String, IdentityServer> running = new LinkedHashMap<>();

  ClusterFixture(Path dir, Map<String, String> extra) throws IOException {
    this.dir = dir;
    this.extra = Map.copyOf(extra);
    for (String name : NAMES) {
      raftPorts.put(name, LoopbackPorts.free());
      pins.put(name, MemberKeys.generate(name, dir.resolve(name + ".key"), dir.resolve(name + ".crt")).pin());
    }
    // One seed key for every member (docs/cluster.md): a seed read from one verifies on the others.
    TestPow.writeKey(dir.resolve("pow-seed.key"));
  }

  static ClusterFixture start(Path dir, Map<String, String> extra) throws Exception {
    // The members run inside the test's JVM: a member's fatal error must fail the test with its cause, which
    // close() reports, not end the JVM with System.exit as it ends a member's own process in production.
    ExitUtils.disableSystemExit();
    ClusterFixture cluster = new ClusterFixture(dir, extra);
    for (String name : NAMES) {
      cluster.start(name);
    }
    return cluster;
  }

  /** The configuration of member {@code name}, as its file would say it. */
  Map<String, String> settings(String name) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("listen", "127.0.0.1:0");
    values.put("admin-listen", "127.0.0.1:0");
    values.put("register-pow-bits", Integer.toString(REGISTER_BITS));
    values.put("write-pow-bits", Integer.toString(WRITE_BITS));
    values.put("data-dir", dir.resolve(name).toString());
    values.put("cluster-self", name);
    for (String member : NAMES) {
      values.put(ConfigLoader.MEMBER_PREFIX + member,
          ROLES.get(member) + " 127.0.0.1:" + raftPorts.get(member) + " " + pins.get(member));
    }
    values.put("cluster-key", dir.resolve(name + ".key").toString());
    values.put("cluster-certificate", dir.resolve(name + ".crt").toString());
    values.put("pow-seed-key", dir.resolve("pow-seed.key").toString());
    values.put("cluster-election-timeout", "300ms");
    values.put("cluster-request-timeout", "8s");
    values.putAll(extra);
    return values;
  }

  void start(String name) throws Exception {
    IdentityServerConfig config = ConfigLoader.fromMap(settings(name), dir.resolve(name));
    running.put(name, IdentityServer.start(config, clock, "test"));
  }

  void stop(String name) {
    IdentityServer server = running.remove(name);
    if (server != null) {
      server.close();
    }
  }

  IdentityServer server(String name) {
    IdentityServer server = running.get(name);
    if (server == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return server;
  }

  ClusterNode node(String name) {
    return server(name).cluster().orElseThrow();
  }

  InetSocketAddress api(String name) {
    return server(name).listenAddresses().get(0);
  }

  int raftPort(String name) {
    return raftPorts.get(name);
  }

  Path keyFile(String name) {
    return dir.resolve(name + ".key");
  }

  Path certificateFile(String name) {
    return dir.resolve(name + ".crt");
  }

  /**
   * The member that leads, once the running members agree on one and each has applied what it knows committed: only
   * then may a test take a member down (a Ratis candidate with a committed log counts no vote from a member whose log
   * is still empty, and such a member cannot win either).
   */
  String awaitLeader() {
    String[] leader = new String[1];
    Await.until(DEADLINE, "the running members agree on a leader and lag by nothing", () -> {
      List<String> seen = new ArrayList<>();
      for (IdentityServer server : running.values()) {
        ClusterStatus status = server.cluster().orElseThrow().status();
        if (status.lag() != 0) {
          return false;
        }
        status.leader().ifPresent(seen::add);
      }
      if (seen.size() == running.size() && seen.stream().distinct().count() == 1
          && running.containsKey(seen.get(0))) {
        leader[0] = seen.get(0);
        return true;
      }
      return false;
    });
    return leader[0];
  }

  /** Waits until every running member has applied as far as the furthest one. */
  void awaitConverged() {
    Await.until(DEADLINE, "every running member applied every committed entry", () -> {
      long highest = running.values().stream()
          .mapToLong(s -> s.cluster().orElseThrow().status().commitIndex()).max().orElse(0);
      return running.values().stream()
          .allMatch(s -> s.cluster().orElseThrow().status().appliedIndex() >= highest);
    });
  }

  /**
   * What member {@code name} stores of the users' data: every entry but the applied index, which also counts Raft's
   * own entries (a new leader's first entry, configurations) that each member applies at its own moment.
   */
  Map<String, byte[]> data(String name) {
    Map<String, byte[]> entries = new HashMap<>(node(name).store().entries());
    entries.remove("applied");
    return entries;
  }

  RawHttp.Response exchange(String member, String method, String target, Map<String, String> headers, byte[] body)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body.length > 0) {
      all.put("Content-Type", "application/x-protobuf");
    }
    try (RawHttp http = RawHttp.connect(api(member), DEADLINE)) {
      return http.exchange(method, target, all, body);
    }
  }

  /** What every member publishes now to solve for, at the floor {@code 2^bits}. */
  PowTarget pow(int bits) {
    return TestPow.at(clock.millis(), bits);
  }

  /**
   * An exchange as the protocol tells a client to make it: a {@code 503 UNAVAILABLE} (no leader at this moment, as
   * during an election that a busy machine's slow heartbeats set off) is sent again after its {@code Retry-After},
   * until {@link #DEADLINE}; any other answer is returned. For the writes a test expects to be acknowledged.
   */
  RawHttp.Response write(String member, String method, String target, Map<String, String> headers, byte[] body)
      throws Exception {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (true) {
      RawHttp.Response answer = exchange(member, method, target, headers, body);
      if (answer.status() != 503 || Instant.now().isAfter(deadline)) {
        return answer;
      }
      String retryAfter = answer.header("Retry-After");
      Thread.sleep(Math.min(5_000, 1_000 * (retryAfter == null ? 1 : Long.parseLong(retryAfter.strip()))));
    }
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    for (String name : new ArrayList<>(running.keySet())) {
      stop(name);
    }
    ExitUtils.assertNotTerminated();
  }
}

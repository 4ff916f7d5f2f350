package io.rvnt.app.server;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.RvntProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark driver for bench/cluster, not a test: in one run, registrations/s and OPK-taking bundle fetches/s for a
 * single instance and for the three-member cluster (requests spread over both of its instances), then the failover
 * time of the cluster (SIGKILL of the leader to the first acknowledged write sent after it, under a registration
 * load) over a number of rounds, each followed by a restart of the killed member. Proofs of work are solved
 * beforehand at the test difficulty: the figures are the servers' writes, not the clients' hashing.
 *
 * <p>Usage: {@code ClusterBench USERS PREKEYS CLIENTS FETCH_SECONDS ROUNDS [cluster setting lines...]}, with the
 * system property {@code rvnt.jar}.
 */
public final class ClusterBench {
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEADLINE = Duration.ofSeconds(180);
  private static final Pattern API = Pattern.compile("^identity server listening on http://(\\S+):(\\d+)$",
      Pattern.MULTILINE);
  private static final byte[] EMPTY = new byte[0];

  private final int users;
  private final int prekeys;
  private final int clients;
  private final Duration fetching;
  private final AtomicInteger names = new AtomicInteger();

  private ClusterBench(int users, int prekeys, int clients, Duration fetching) {
    this.users = users;
    this.prekeys = prekeys;
    this.clients = clients;
    this.fetching = fetching;
  }

  public static void main(String[] args) throws Exception {
    ClusterBench bench = new ClusterBench(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
        Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[3])));
    int rounds = Integer.parseInt(args[4]);
    List<String> settings = new ArrayList<>(List.of("rate-limit-direct-api-per-minute = 1000000",
        "rate-limit-direct-register-per-minute = 1000000"));
    settings.addAll(List.of(args).subList(5, args.length));
    Path dir = Files.createTempDirectory("rvnt-bench-cluster");
    try {
      double[] single = bench.single(dir.resolve("single"), settings);
      Files.createDirectories(dir.resolve("cluster"));
      ClusterProcesses cluster = ClusterProcesses.create(dir.resolve("cluster"), settings.toArray(String[]::new));
      try {
        cluster.startAllLedByTheActive(DEADLINE);
        double[] replicated = bench.measure("cluster", cluster::apis);
        System.out.printf("ratio cluster/single: registrations %.2f, opk fetches %.2f%n",
            replicated[0] / single[0], replicated[1] / single[1]);
        bench.failover(cluster, rounds);
      } finally {
        cluster.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** The single embedded instance with the same settings but the cluster's. */
  private double[] single(Path dir, List<String> settings) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("server.conf");
    List<String> lines = new ArrayList<>(List.of("register-pow-bits = " + ServerApi.REGISTER_BITS,
        "write-pow-bits = " + ServerApi.WRITE_BITS,
        "pow-seed-key = " + TestPow.writeKey(dir.resolve("pow-seed.key"))));
    settings.stream().filter(line -> !line.startsWith("cluster-")).forEach(lines::add);
    Files.write(config, lines);
    try (RvntProcess server = RvntProcess.start(List.of("-Xmx256m"), List.of("server", "--config",
        config.toString(), "--data-dir", dir.resolve("data").toString(), "--listen", "127.0.0.1:0",
        "--admin", "127.0.0.1:0"))) {
      var match = server.awaitStdout(API, DEADLINE);
      InetSocketAddress api = new InetSocketAddress(match.group(1), Integer.parseInt(match.group(2)));
      return measure("single", () -> List.of(api));
    }
  }

  /** Registrations/s, then OPK-taking fetches/s, spread over {@code apis}: {registrations/s, fetches/s}. */
  private double[] measure(String label, Supplier<List<InetSocketAddress>> apis) throws Exception {
    List<TestIdentity> identities = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    List<String> nonces = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      TestIdentity user = TestIdentity.create("b" + label.charAt(0) + names.incrementAndGet());
      identities.add(user);
      bodies.add(user.registrationBody(prekeys));
      nonces.add(user.registerPow(TestPow.now(ServerApi.REGISTER_BITS)));
    }
    warmUp(apis.get());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger registered = new AtomicInteger();
    long start = System.nanoTime();
    runClients(() -> {
      for (int i = next.getAndIncrement(); i < users; i = next.getAndIncrement()) {
        if (register(pick(apis.get()), bodies.get(i), nonces.get(i)) == 201) {
          registered.incrementAndGet();
        }
      }
    });
    double registerSeconds = (System.nanoTime() - start) / 1e9;
    double registrations = registered.get() / registerSeconds;
    System.out.printf("%s registrations=%d of %d clients=%d seconds=%.2f registrations_per_second=%.1f%n", label,
        registered.get(), users, clients, registerSeconds, registrations);

    AtomicInteger taken = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    long end = System.nanoTime() + fetching.toNanos();
    start = System.nanoTime();
    runClients(() -> {
      while (System.nanoTime() < end) {
        TestIdentity target = identities.get(ThreadLocalRandom.current().nextInt(identities.size()));
        RawHttp.Response bundle = exchange(pick(apis.get()), "GET", "/v1/bundle/" + target.username(), Map.of(),
            EMPTY);
        if (bundle.status() == 200 && WireCodec.decodeBundle(bundle.body()).oneTimePreKey().isPresent()) {
          taken.incrementAndGet();
        } else {
          other.incrementAndGet();
        }
      }
    });
    double fetchSeconds = (System.nanoTime() - start) / 1e9;
    double fetches = taken.get() / fetchSeconds;
    System.out.printf("%s opk_fetches=%d other_answers=%d seconds=%.2f opk_fetches_per_second=%.1f%n", label,
        taken.get(), other.get(), fetchSeconds, fetches);
    return new double[] {registrations, fetches};
  }

  /** A few registrations, unmeasured, so the JIT has compiled the path before the clock starts. */
  private void warmUp(List<InetSocketAddress> apis) throws Exception {
    for (int i = 0; i < 20; i++) {
      TestIdentity user = TestIdentity.create("w" + names.incrementAndGet());
      register(apis.get(i % apis.size()), user.registrationBody(1), user.registerPow(TestPow.now(ServerApi.REGISTER_BITS)));
    }
  }

  /**
   * SIGKILL of the leader while clients register on whichever instance is up; the time to the first 201 after it;
   * then the member starts again and the load waits until the active leads again (as ClusterFailoverIT does).
   */
  private void failover(ClusterProcesses cluster, int rounds) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean paused = new AtomicBoolean();
    AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong firstAfter = new AtomicLong();
    AtomicInteger acknowledged = new AtomicInteger();
    ExecutorService load = Executors.newFixedThreadPool(clients);
    for (int i = 0; i < clients; i++) {
      load.submit(() -> {
        while (running.get()) {
          List<InetSocketAddress> apis = cluster.apis();
          if (paused.get() || apis.isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            continue;
          }
          TestIdentity user = TestIdentity.create("f" + names.incrementAndGet());
          byte[] body = user.registrationBody(1);
          String nonce = user.registerPow(TestPow.now(ServerApi.REGISTER_BITS));
          try {
            // Only a write sent after the kill counts: one the old leader had committed says nothing.
            long sent = System.nanoTime();
            if (register(pick(apis), body, nonce) == 201) {
              acknowledged.incrementAndGet();
              if (sent > killedAt.get()) {
                firstAfter.compareAndSet(0, System.nanoTime());
              }
            }
          } catch (Exception e) {
            // The member died under the request: no answer, no acknowledgement.
          }
        }
        return null;
      });
    }
    List<Long> millis = new ArrayList<>();
    try {
      for (int round = 1; round <= rounds; round++) {
        int before = acknowledged.get();
        Await.until(DEADLINE, "writes are acknowledged before the kill", () -> acknowledged.get() >= before + 5);
        AtomicReference<String> agreed = new AtomicReference<>();
        Await.until(DEADLINE, "the members agree on a leader",
            () -> cluster.agreedLeader().map(name -> { agreed.set(name); return name; }).isPresent());
        String leader = agreed.get();
        firstAfter.set(0);
        long kill = System.nanoTime();
        killedAt.set(kill);
        cluster.kill(leader);
        Await.until(DEADLINE, "a write is acknowledged after the kill", () -> firstAfter.get() != 0);
        millis.add(TimeUnit.NANOSECONDS.toMillis(firstAfter.get() - kill));
        killedAt.set(Long.MAX_VALUE);
        System.out.printf("round %d: killed %s, first acknowledged write after %d ms%n", round, leader,
            millis.get(millis.size() - 1));
        paused.set(true);
        cluster.start(leader);
        Await.until(DEADLINE, "the active leads again", () -> cluster.agreedLeader().filter("alpha"::equals)
            .isPresent());
        Await.until(DEADLINE, "every member caught up", cluster::converged);
        paused.set(false);
      }
    } finally {
      running.set(false);
      load.shutdown();
      load.awaitTermination(60, TimeUnit.SECONDS);
    }
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf("failover rounds=%d p50_ms=%d max_ms=%d all_ms=%s%n", sorted.size(),
        sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1), millis);
  }

  private interface Work {
    void run() throws Exception;
  }

  private void runClients(Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Object>> done = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      done.add(pool.submit(() -> {
        work.run();
        return null;
      }));
    }
    for (var future : done) {
      future.get();
    }
    pool.shutdown();
  }

  private static InetSocketAddress pick(List<InetSocketAddress> apis) {
    return apis.get(ThreadLocalRandom.current().nextInt(apis.size()));
  }

  private static int register(InetSocketAddress api, byte[] body, String nonce)
      throws IOException {
    return exchange(api, "POST", "/v1/register", Map.of(Headers.POW, nonce,
        "Content-Type", Headers.CONTENT_TYPE_PROTOBUF), body).status();
  }

  private static RawHttp.Response exchange(InetSocketAddress api, String method, String target,
      Map<String, String> headers, byte[] body) throws IOException {
    try (RawHttp http = RawHttp.connect(api, HTTP_TIMEOUT)) {
      return http.exchange(method, target, headers, body);
    }
  }
}

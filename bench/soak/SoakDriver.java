import com.sun.tools.attach.VirtualMachine;
import io.rvnt.operator.traffic.SyntheticTraffic;
import io.rvnt.operator.traffic.TrafficProgress;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sun.tools.attach.HotSpotVirtualMachine;

/**
 * The soak run of scripts/soak (issue 18), not a test: drives a running sandbox (the lines `./rvnt sandbox` printed)
 * with steady mixed load for N minutes, samples every process every 10 s, and ends with a verdict per process and
 * metric: flat, or growing with its slope. Exit status 1 if anything grows.
 *
 * <p>Load: identity rounds through the client library (a registration with a real proof of work, two bundle fetches,
 * a prekey upload) every 3 s; per relay a deposit every 100 ms and a collect acknowledging the last batch every 2 s;
 * a js-libp2p DHT peer joining a bootstrap node every 15 s, looking up a random key, and leaving 45 s later.
 *
 * <p>Samples: resident memory and threads (/proc/PID/status), open descriptors (/proc/PID/fd), heap after a full
 * GC (GC.run then GC.heap_info over the attach API: the forced collection is the price of an exact figure), and the
 * highest p99 of the process's endpoints from its admin /metrics (a 60 s window).
 *
 * <p>Verdict: a least-squares slope over the samples after the first third of the run (warm-up: JIT, caches, the
 * routing tables filling); "growing" when slope × that span exceeds both the metric's absolute floor and its
 * relative share of the median ({@link Metric}).
 */
public class SoakDriver {
  static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
  static final Pattern INSTANCE = Pattern.compile("^(\\S+) \\((identity|bootstrap|relay), pid (\\d+)\\)(.*)$");
  static final Pattern P99 = Pattern.compile("_latency_ms\\{endpoint=\"[^\"]*\",quantile=\"0\\.99\"\\} (\\S+)");
  static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  /** What is sampled, and when its growth over the judged span is more than noise. */
  enum Metric {
    RSS_MIB(16, 0.10), HEAP_AFTER_GC_MIB(8, 0.10), OPEN_FDS(8, 0.10), THREADS(4, 0.10), P99_MS(10, 0.50);

    final double absoluteFloor;
    final double relativeShare;

    Metric(double absoluteFloor, double relativeShare) {
      this.absoluteFloor = absoluteFloor;
      this.relativeShare = relativeShare;
    }
  }

  record Instance(String name, String role, long pid, String admin, List<String> endpoints) {
    String endpoint(String prefix) {
      return endpoints.stream().filter(e -> e.startsWith(prefix)).findFirst().orElseThrow();
    }
  }

  static final AtomicLong identityRounds = new AtomicLong();
  static final AtomicLong identityErrors = new AtomicLong();
  static final AtomicLong deposits = new AtomicLong();
  static final AtomicLong collected = new AtomicLong();
  static final AtomicLong relayErrors = new AtomicLong();
  static final AtomicLong dhtJoins = new AtomicLong();
  static final AtomicLong dhtErrors = new AtomicLong();
  static volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    List<Instance> instances = parse(Path.of(args[0]));
    Duration length = Duration.ofMinutes(Long.parseLong(args[1]));
    Path jsDir = Path.of(args[2]);
    Path work = Path.of(args[3]);
    List<Thread> load = new ArrayList<>();
    for (Instance i : instances) {
      switch (i.role()) {
        // The cluster's witness serves no client; each instance that does gets its own keystore.
        case "identity" -> {
          if (i.endpoints().stream().anyMatch(e -> e.startsWith("api "))) {
            load.add(start(() -> identity(i, work.resolve("keystore-" + i.name()))));
          }
        }
        case "relay" -> load.add(start(() -> relay(i)));
        default -> { }
      }
    }
    List<String> bootstrapAddrs = instances.stream().filter(i -> i.role().equals("bootstrap"))
        .flatMap(i -> i.endpoints().stream()).filter(e -> e.startsWith("p2p ") && e.contains("/tcp/"))
        .map(e -> e.substring(4)).toList();
    load.add(start(() -> dhtChurn(jsDir, bootstrapAddrs)));

    List<List<double[]>> samples = new ArrayList<>(); // per instance: {minute, rss, heap, fds, threads, p99}
    instances.forEach(i -> samples.add(new ArrayList<>()));
    long started = System.nanoTime();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(work.resolve("samples.csv")))) {
      csv.println("minute,instance,rss_mib,heap_after_gc_mib,open_fds,threads,p99_ms");
      for (long next = started; System.nanoTime() - started < length.toNanos(); ) {
        // Every 10 s; a round that took longer (attaching to busy JVMs) starts the next period from now.
        next = Math.max(next + SAMPLE_EVERY.toNanos(), System.nanoTime());
        double minute = (System.nanoTime() - started) / 60e9;
        for (int n = 0; n < instances.size(); n++) {
          Instance i = instances.get(n);
          double[] s = sample(i, minute);
          samples.get(n).add(s);
          csv.printf(Locale.ROOT, "%.2f,%s,%.1f,%.1f,%.0f,%.0f,%.1f%n", s[0], i.name(), s[1], s[2], s[3], s[4], s[5]);
        }
        csv.flush();
        System.out.printf(Locale.ROOT, "%5.1f min  identity rounds %d (errors %d)  deposits %d  collected %d"
            + " (relay errors %d)  dht joins %d (errors %d)%n", minute, identityRounds.get(), identityErrors.get(),
            deposits.get(), collected.get(), relayErrors.get(), dhtJoins.get(), dhtErrors.get());
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000)); // the sampling period, not a wait
      }
    }
    running = false;
    for (Thread t : load) {
      t.join(60_000);
    }
    boolean grows = false;
    System.out.println("== verdict (samples after the first third of the run)");
    for (int n = 0; n < instances.size(); n++) {
      for (Metric m : Metric.values()) {
        grows |= verdict(instances.get(n).name(), m, samples.get(n), m.ordinal() + 1);
      }
    }
    System.exit(grows ? 1 : 0);
  }

  static boolean verdict(String name, Metric metric, List<double[]> all, int column) {
    // A sample that failed (a busy process did not answer in time) is -1: left out.
    List<double[]> judged = all.subList(all.size() / 3, all.size()).stream().filter(s -> s[column] >= 0).toList();
    int n = judged.size();
    if (n < 3) {
      System.out.printf("%-12s %-18s too few samples%n", name, metric);
      return false;
    }
    double mx = 0;
    double my = 0;
    for (double[] s : judged) {
      mx += s[0] / n;
      my += s[column] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (double[] s : judged) {
      sxy += (s[0] - mx) * (s[column] - my);
      sxx += (s[0] - mx) * (s[0] - mx);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx; // per minute
    double span = judged.get(n - 1)[0] - judged.get(0)[0];
    double[] sorted = judged.stream().mapToDouble(s -> s[column]).sorted().toArray();
    double median = sorted[n / 2];
    double growth = slope * span;
    boolean growing = growth > Math.max(metric.absoluteFloor, metric.relativeShare * median);
    System.out.printf(Locale.ROOT, "%-12s %-18s %-8s median %.1f, %+.1f over %.1f min (slope %+.3f/min)%n", name,
        metric, growing ? "GROWING" : "flat", median, growth, span, slope);
    return growing;
  }

  static double[] sample(Instance i, double minute) {
    double rss = -1;
    double threads = -1;
    double fds = -1;
    double heap = -1;
    double p99 = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(i.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        } else if (line.startsWith("Threads:")) {
          threads = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      try (Stream<Path> fd = Files.list(Path.of("/proc", Long.toString(i.pid()), "fd"))) {
        fds = fd.count();
      }
      heap = heapAfterGc(i.pid());
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(i.admin()))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = P99.matcher(metrics);
      p99 = 0;
      while (m.find()) {
        p99 = Math.max(p99, Double.parseDouble(m.group(1)));
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("sample of " + i.name() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new double[] {minute, rss, heap, fds, threads, p99};
  }

  static double heapAfterGc(long pid) throws IOException {
    try {
      HotSpotVirtualMachine vm = (HotSpotVirtualMachine) VirtualMachine.attach(Long.toString(pid));
      try {
        read(vm.executeJCmd("GC.run"));
        // G1 prints one heap line; Serial and Parallel one per generation: their "used" add up. Metaspace is no heap.
        long usedKiB = 0;
        for (String line : read(vm.executeJCmd("GC.heap_info")).split("\n")) {
          Matcher m = HEAP_USED.matcher(line);
          if (!line.contains("Metaspace") && !line.contains("class space") && m.find()) {
            usedKiB += Long.parseLong(m.group(1));
          }
        }
        return usedKiB / 1024.0;
      } finally {
        vm.detach();
      }
    } catch (com.sun.tools.attach.AttachNotSupportedException e) {
      throw new IOException("cannot attach to " + pid, e);
    }
  }

  static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Identity rounds every 3 s: the sandbox's direct-connection limits (60 registrations a minute) stay clear. */
  static void identity(Instance i, Path keystore) {
    try {
      SyntheticTraffic traffic = new SyntheticTraffic(URI.create(i.endpoint("api ").substring(4)), keystore,
          Clock.systemUTC(), new SecureRandom());
      for (long next = System.nanoTime(); running; next += 3_000_000_000L) {
        TrafficProgress p = traffic.run(1, progress -> { });
        identityRounds.incrementAndGet();
        identityErrors.addAndGet(p.errors());
        Thread.sleep(Math.max(0, (next + 3_000_000_000L - System.nanoTime()) / 1_000_000)); // pacing
      }
    } catch (Exception e) {
      System.out.println("identity load stopped: " + e);
    }
  }

  /** A deposit every 100 ms, a collect acknowledging the previous batch every 2 s; reconnects after a failure. */
  static void relay(Instance i) {
    SecureRandom random = new SecureRandom();
    byte[] master = new byte[32];
    byte[] secret = new byte[32];
    random.nextBytes(master);
    random.nextBytes(secret);
    Multiaddr address = Multiaddr.parse(i.endpoint("p2p /ip4/127.0.0.1/tcp/").substring(4));
    try (RelayClient client = RelayClient.start(Duration.ofSeconds(30))) {
      while (running) {
        try (RelaySession session = client.connect(address)) {
          MailboxKey key = MailboxKey.forRelay(master, session.relayPeerId());
          RelayParams params = session.hello();
          session.createMailbox(key, params.createPowBits());
          byte[] depositId = RelayIds.depositId(secret, session.relayPeerId(), params.day());
          session.register(key, params.day(), List.of(depositId));
          List<byte[]> acknowledge = List.of();
          for (long tick = 0; running; tick++) {
            session.deposit(depositId, Padding.pad(("soak " + tick).getBytes(StandardCharsets.UTF_8)));
            deposits.incrementAndGet();
            if (tick % 20 == 19) {
              // Drain, as a recipient coming online does: a relay answers a page at a time (fewer than a cycle's
              // deposits on a quiet machine), and collecting one page per cycle let the mailbox fill to its quota.
              List<CollectedEnvelope> batch;
              do {
                batch = session.collect(key, acknowledge, 32).envelopes();
                collected.addAndGet(batch.size());
                acknowledge = batch.stream().map(CollectedEnvelope::id).toList();
              } while (!batch.isEmpty() && running);
            }
            Thread.sleep(100); // pacing: the load's rate
          }
        } catch (IOException | RuntimeException e) {
          if (relayErrors.incrementAndGet() <= 3) {
            System.out.printf("  relay error: %s: %s%n", e.getClass().getSimpleName(), e.getMessage());
          }
          Thread.sleep(1_000); // a relay that refuses is not hammered by reconnects
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A js-libp2p DHT peer joins every 15 s through a bootstrap node, looks up a random key, and leaves after 45 s. */
  static void dhtChurn(Path jsDir, List<String> bootstrap) {
    Deque<Process> alive = new ArrayDeque<>();
    SecureRandom random = new SecureRandom();
    try {
      for (long n = 0; running; n++) {
        try {
          Process p = new ProcessBuilder("node", "--import", "./polyfill.mjs", "dht-peer.mjs")
              .directory(jsDir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
          alive.addLast(p);
          BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          OutputStream in = p.getOutputStream();
          String ready = out.readLine();
          if (ready == null || !ready.contains("\"ready\"")) {
            throw new IOException("the js peer did not start");
          }
          String addr = bootstrap.get((int) (n % bootstrap.size()));
          byte[] key = new byte[32];
          random.nextBytes(key);
          // One command at a time: the lookup needs the joined table.
          ask(in, out, "{\"id\":1,\"cmd\":\"dial\",\"deadlineMs\":30000,\"addr\":\"" + addr + "\"}");
          ask(in, out, "{\"id\":2,\"cmd\":\"getClosestPeers\",\"deadlineMs\":30000,\"key\":\""
              + HexFormat.of().formatHex(key) + "\"}");
          dhtJoins.incrementAndGet();
        } catch (IOException e) {
          dhtErrors.incrementAndGet();
        }
        while (alive.size() > 3) {
          stop(alive.removeFirst());
        }
        Thread.sleep(15_000); // pacing: one join every 15 s, three peers alive
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      alive.forEach(SoakDriver::stop);
    }
  }

  static void ask(OutputStream in, BufferedReader out, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    String reply = out.readLine();
    if (reply == null || !reply.contains("\"ok\":true")) {
      throw new IOException("js peer: " + reply);
    }
  }

  static void stop(Process p) {
    try {
      p.getOutputStream().close(); // closing stdin stops the node
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      p.destroyForcibly();
    }
  }

  static List<Instance> parse(Path sandboxOutput) throws IOException {
    List<Instance> out = new ArrayList<>();
    for (String line : Files.readAllLines(sandboxOutput)) {
      Matcher m = INSTANCE.matcher(line);
      if (m.matches()) {
        List<String> endpoints = new ArrayList<>(List.of(m.group(4).strip().split(" {2}")));
        String admin = endpoints.stream().filter(e -> e.startsWith("admin ")).findFirst().orElseThrow().substring(6)
            + "/metrics";
        out.add(new Instance(m.group(1), m.group(2), Long.parseLong(m.group(3)), admin, endpoints));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no instance line in " + sandboxOutput);
    }
    return out;
  }

  static Thread start(Runnable task) {
    Thread t = new Thread(task);
    t.setDaemon(true);
    t.start();
    return t;
  }
}

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Relay benchmark driver, not a test (bench/relay/run): against one relay process, in one run, deposits/s (each
 * acknowledged after its synced write) over 1,000 mailboxes, collections/s emptying them, bytes on disk per stored
 * envelope, and the relay's memory per idle connection.
 *
 * <p>Usage: {@code java -cp rvnt.jar RelayBench.java RELAY_TCP_MULTIADDR RELAY_PID MAILBOX_DIR MAILBOXES DEPOSITS
 * CONNECTIONS IN_FLIGHT IDLE_CONNECTIONS}
 */
public final class RelayBench {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Runs the benchmark and exits: 0 once every figure is printed, 1 with the reason on the first failure. Never
   * waits for threads it leaves behind (the clients' event loops, a stuck worker), so a failure cannot hang it.
   */
  public static void main(String[] args) {
    int status = 1;
    try {
      run(args);
      status = 0;
    } catch (Throwable e) {
      System.err.println("relay bench failed: " + describe(e));
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  private static String describe(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static void run(String[] args) throws Exception {
    Multiaddr relay = Multiaddr.parse(args[0]);
    long pid = Long.parseLong(args[1]);
    Path store = Path.of(args[2]);
    int mailboxes = Integer.parseInt(args[3]);
    int deposits = Integer.parseInt(args[4]);
    int connections = Integer.parseInt(args[5]);
    int inFlight = Integer.parseInt(args[6]);
    int idle = Integer.parseInt(args[7]);

    List<RelayClient> clients = new ArrayList<>();
    List<RelaySession> sessions = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      RelayClient c = RelayClient.start(TIMEOUT);
      clients.add(c);
      sessions.add(c.connect(relay));
    }
    RelayParams params = sessions.get(0).hello();
    byte[] relayId = sessions.get(0).relayPeerId();

    // 1,000 mailboxes, each with one deposit id for today, set up by the connections in parallel.
    MailboxKey[] keys = new MailboxKey[mailboxes];
    byte[][] depositIds = new byte[mailboxes][];
    long setupStart = System.nanoTime();
    parallel(connections, c -> {
      for (int m = c; m < mailboxes; m += connections) {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        keys[m] = MailboxKey.fromSeed(seed);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        depositIds[m] = RelayIds.depositId(secret, relayId, params.day());
        sessions.get(c).createMailbox(keys[m], params.createPowBits());
        sessions.get(c).register(keys[m], params.day(), List.of(depositIds[m]));
      }
    });
    double setupSeconds = seconds(setupStart);
    System.out.printf(Locale.ROOT, "mailboxes created and registered: %d in %.1f s (%.0f/s, proof of work %d bits)%n",
        mailboxes, setupSeconds, mailboxes / setupSeconds, params.createPowBits());

    AtomicLong sequence = new AtomicLong();
    deposit(sessions, depositIds, Math.min(5_000, deposits / 5), inFlight, sequence); // warm-up: JIT, memtables
    long warm = sequence.get();
    long start = System.nanoTime();
    deposit(sessions, depositIds, deposits, inFlight, sequence);
    double depositSeconds = seconds(start);
    System.out.printf(Locale.ROOT, "deposits: %d of 1 KiB in %.2f s: %.0f deposits/s (%d connections, %d in flight "
        + "each, every one acknowledged after a synced write)%n", deposits, depositSeconds, deposits / depositSeconds,
        connections, inFlight);

    long stored = warm + deposits;
    long bytes = directoryBytes(store);
    System.out.printf(Locale.ROOT, "on disk: %d envelopes of 1024-byte blobs, %d bytes in the store (WAL and SST): "
        + "%.0f bytes per envelope%n", stored, bytes, (double) bytes / stored);

    AtomicLong collects = new AtomicLong();
    AtomicLong collected = new AtomicLong();
    start = System.nanoTime();
    parallel(connections, c -> {
      for (int m = c; m < mailboxes; m += connections) {
        List<byte[]> acks = List.of();
        while (true) {
          RelaySession.Batch batch = sessions.get(c).collect(keys[m], acks, params.maxCollectEnvelopes());
          collects.incrementAndGet();
          collected.addAndGet(batch.envelopes().size());
          acks = batch.envelopes().stream().map(CollectedEnvelope::id).toList();
          if (acks.isEmpty()) {
            break;
          }
        }
      }
    });
    double collectSeconds = seconds(start);
    System.out.printf(Locale.ROOT, "collections: %d collect requests (each acknowledging the previous batch, up to %d "
        + "envelopes) in %.2f s: %.0f collections/s, %.0f envelopes/s; %d envelopes collected%n", collects.get(),
        params.maxCollectEnvelopes(), collectSeconds, collects.get() / collectSeconds,
        collected.get() / collectSeconds, collected.get());
    if (collected.get() != stored) {
      throw new AssertionError("collected " + collected.get() + " of " + stored + " envelopes");
    }
    for (RelayClient c : clients) {
      c.close();
    }

    long[] before = memory(pid);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<P2pHost> hosts = new ArrayList<>();
    List<RelaySession> open = new ArrayList<>();
    for (int i = 0; i < idle; i++) {
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pHost host = new P2pHost(key, P2pLimits.DEFAULTS, List.of(new TcpTransport(key, P2pLimits.DEFAULTS, group)));
      hosts.add(host);
      RelaySession s = new RelayClient(host, TIMEOUT).connect(relay);
      s.hello(); // the stream's state: its challenge, its reader
      open.add(s);
    }
    long[] after = memory(pid);
    System.out.printf(Locale.ROOT, "memory per idle connection (one relay stream each, after a hello; %d connections): "
        + "heap %.1f KiB, RSS %.1f KiB%n", idle, (after[0] - before[0]) / 1024.0 / idle,
        (after[1] - before[1]) / 1024.0 / idle);
    for (P2pHost h : hosts) {
      h.close().get(10, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }

  /** Deposits {@code count} distinct 1 KiB blobs round robin over the mailboxes, {@code inFlight} per session. */
  private static void deposit(List<RelaySession> sessions, byte[][] depositIds, int count, int inFlight,
      AtomicLong sequence) throws Exception {
    AtomicInteger left = new AtomicInteger(count);
    parallel(sessions.size(), c -> {
      Semaphore window = new Semaphore(inFlight);
      AtomicInteger refused = new AtomicInteger();
      while (left.getAndDecrement() > 0) {
        window.acquire();
        long n = sequence.getAndIncrement();
        byte[] blob = new byte[1024];
        ByteBuffer.wrap(blob).putInt(8).putLong(n);
        sessions.get(c).depositAsync(depositIds[(int) (n % depositIds.length)], blob).whenComplete((r, e) -> {
          if (e != null || r.status() != RelayStatus.OK) {
            refused.incrementAndGet();
          }
          window.release();
        });
      }
      window.acquire(inFlight);
      if (refused.get() > 0) {
        throw new AssertionError(refused.get() + " deposits were not acknowledged");
      }
    });
  }

  /** Heap used and resident set of the relay process, after a full GC. */
  private static long[] memory(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String heap = jcmd(pid, "GC.heap_info");
    long used = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
    if (m.find()) {
      used = Long.parseLong(m.group(1)) * 1024;
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return new long[] {used, rss};
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static long directoryBytes(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private interface Work {
    void run(int index) throws Exception;
  }

  /**
   * Runs {@code work} on {@code n} daemon threads; the first failure (whichever worker had it first) stops the rest
   * and is thrown with its worker's index. Each worker's waits are bounded by the client's timeout.
   */
  private static void parallel(int n, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "relay-bench-worker");
      t.setDaemon(true);
      return t;
    });
    java.util.concurrent.ExecutorCompletionService<Integer> done = new java.util.concurrent.ExecutorCompletionService<>(pool);
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        done.submit(() -> {
          try {
            work.run(index);
            return index;
          } catch (Exception e) {
            throw new Exception("worker " + index + ": " + describe(e), e);
          }
        });
      }
      for (int i = 0; i < n; i++) {
        done.take().get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}

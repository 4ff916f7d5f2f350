import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.http.Paths;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowSolver;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ServerParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark driver, not a test: preloads users with proofs of work solved beforehand, reports registrations per
 * second, and writes the usernames and the exact bundle bytes the server serves (for wrk and for nginx).
 *
 * <p>Usage: {@code java -cp rvnt.jar BenchDriver.java SERVER_URL USERS PREKEYS CONCURRENCY OUT_DIR}
 */
public final class BenchDriver {
  public static void main(String[] args) throws Exception {
    URI server = URI.create(args[0]);
    int users = Integer.parseInt(args[1]);
    int prekeys = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    ServerParams params = ServerParams.parseFrom(
        http.send(HttpRequest.newBuilder(server.resolve(Paths.PARAMS)).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body());
    int bits = params.getRegisterPowBits();
    // Spec §6.4, §6.5: solve for the published seed at the suggested effort (a seed lasts 15 to 30 minutes).
    PowTarget target = new PowTarget(params.getPowSeed().toByteArray(), params.getRegisterPowEffort());

    SecureRandom random = new SecureRandom();
    String prefix = "bench" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "_";
    List<String> names = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    List<String> nonces = new ArrayList<>();
    PowSolver solver = new PowSolver(Runtime.getRuntime().availableProcessors());
    long solveStart = System.nanoTime();
    for (int i = 0; i < users; i++) {
      String name = prefix + i;
      Registration registration = newRegistration(name, prekeys, random);
      PowSolver.Solution solution = solver.solveEffort(
          ProofOfWork.registerChallenge(target, name, registration.identityKey()), target.effort(), n -> {},
          () -> false);
      names.add(name);
      bodies.add(WireCodec.encodeRegistration(registration));
      nonces.add(target.proof(solution.nonce()).header());
    }
    double solveSeconds = (System.nanoTime() - solveStart) / 1e9;

    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    // The first registrations warm the server's JIT (and the client's) and are not timed: a server runs for months.
    int warmUp = users / 4;
    register(http, server, pool, nonces, bodies, 0, warmUp);
    long start = System.nanoTime();
    register(http, server, pool, nonces, bodies, warmUp, users);
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();

    Path www = out.resolve("www/v1/bundle");
    Files.createDirectories(www);
    for (String name : names) {
      HttpResponse<byte[]> bundle = http.send(
          HttpRequest.newBuilder(server.resolve(Paths.BUNDLE_PREFIX + name)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      Files.write(www.resolve(name), bundle.body());
    }
    Files.write(out.resolve("users.txt"), names);
    System.out.printf("register_pow_bits=%d register_pow_effort=%d%n", bits, target.effort());
    System.out.printf("pow_solve_seconds=%.2f%n", solveSeconds);
    System.out.printf("registrations=%d concurrency=%d seconds=%.3f (after %d untimed)%n", users - warmUp, concurrency,
        seconds, warmUp);
    System.out.printf("registrations_per_second=%.1f%n", (users - warmUp) / seconds);
  }

  /** Registers users {@code from} (inclusive) to {@code to} (exclusive) on {@code pool}; each must answer 201. */
  private static void register(HttpClient http, URI server, ExecutorService pool, List<String> nonces,
      List<byte[]> bodies, int from, int to) throws Exception {
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = from; i < to; i++) {
      int index = i;
      results.add(pool.submit(() -> http.send(
          HttpRequest.newBuilder(server.resolve(Paths.REGISTER))
              .header("Content-Type", Headers.CONTENT_TYPE_PROTOBUF)
              .header(Headers.POW, nonces.get(index))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(index))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()));
    }
    for (Future<Integer> result : results) {
      if (result.get() != 201) {
        throw new IllegalStateException("registration answered " + result.get());
      }
    }
  }

  private static Registration newRegistration(String name, int prekeys, SecureRandom random) {
    Ed25519.KeyPair identity = Ed25519.generate(random);
    byte[] spk = X25519.generate(random).publicKey();
    byte[] pq = MlKem768.generate(random).publicKey();
    List<OneTimePreKey> oneTime = new ArrayList<>();
    for (int id = 1; id <= prekeys; id++) {
      oneTime.add(new OneTimePreKey(id, X25519.generate(random).publicKey()));
    }
    return new Registration(name, identity.publicKey(),
        SignedPreKey.sign(identity, 1, spk),
        PqPreKey.sign(identity, 1, pq),
        oneTime);
  }
}

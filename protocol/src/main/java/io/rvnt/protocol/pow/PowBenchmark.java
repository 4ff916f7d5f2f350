package io.rvnt.protocol.pow;

import java.util.Locale;

/**
 * Measures {@link PowSolver}'s hash rate, for bench scripts (never a test). Prints one line per thread count:
 * {@code pow threads=N hashes_per_second=R}. Compare the one-thread figure with {@code openssl speed -evp sha256}:
 * the 40-byte preimage is one SHA-256 block, as is openssl's 16-byte figure; its 64-byte figure costs two blocks.
 *
 * <p>Usage: {@code java -cp rvnt.jar io.rvnt.protocol.pow.PowBenchmark [seconds] [maxThreads]}.
 */
public final class PowBenchmark {
  private PowBenchmark() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int maxThreads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    byte[] challenge = ProofOfWork.registerChallenge(new PowTarget(new byte[32], 1), "benchmark", new byte[32]);
    // Warm-up, so the JIT has compiled the loop and the SHA-256 intrinsic before measuring.
    run(challenge, 1, Math.min(1, seconds));
    for (int threads = 1; threads <= maxThreads; threads *= 2) {
      double rate = run(challenge, threads, seconds);
      System.out.printf(Locale.ROOT, "pow threads=%d hashes_per_second=%.0f%n", threads, rate);
    }
  }

  /** Solves an impossible difficulty until the deadline and returns hashes per second. */
  static double run(byte[] challenge, int threads, double seconds) {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long[] done = new long[1];
    try {
      new PowSolver(threads).solve(challenge, 256, total -> {
        synchronized (done) {
          done[0] = Math.max(done[0], total);
        }
      }, () -> System.nanoTime() >= deadline);
      throw new AssertionError("256 zero bits were found");
    } catch (java.util.concurrent.CancellationException expected) {
      // The deadline passed.
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    synchronized (done) {
      return done[0] / elapsed;
    }
  }
}

package io.rvnt.testsupport;

import io.rvnt.protocol.files.PrivateFiles;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The proof-of-work seed key test servers are given, so that a test computes the seed a server publishes
 * (docs/identity-protocol.md §6.4) from the server's clock instead of asking for it before every write.
 */
public final class TestPow {
  /** The test servers' {@code pow-seed-key}. */
  public static final byte[] KEY = HexFormat.of().parseHex("5e".repeat(32));
  /** The server's default {@code pow-seed-period}, 15 minutes (PowConfig.DEFAULT_SEED_PERIOD). */
  public static final long SEED_PERIOD_MS = 15 * 60_000;

  private TestPow() {}

  /** Writes {@link #KEY} to {@code file}, mode 0600, replacing what was there; returns the file. */
  public static Path writeKey(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    PrivateFiles.writeAtomically(file, (HexFormat.of().formatHex(KEY) + "\n").getBytes(StandardCharsets.US_ASCII));
    return file;
  }

  /** What a server with {@link #KEY} and a clock at {@code millis} publishes, at the floor {@code 2^bits}. */
  public static PowTarget at(long millis, int bits) {
    return new PowTarget(ProofOfWork.seed(KEY, Math.floorDiv(millis, SEED_PERIOD_MS)), 1L << bits);
  }

  /** {@link #at} the wall clock: for servers in their own processes. */
  public static PowTarget now(int bits) {
    return at(System.currentTimeMillis(), bits);
  }
}

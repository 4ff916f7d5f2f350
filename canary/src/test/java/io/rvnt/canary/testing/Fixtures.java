package io.rvnt.canary.testing;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.openpgp.SigningKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The values most canary tests start from: a fixed "today", a key, a healthy canary. */
public final class Fixtures {
  /** The publication day of the canaries in tests: the 1st, as the operators' schedule has it. */
  public static final LocalDate PUBLISHED = LocalDate.of(2026, 11, 1);

  public static final LocalDate DUE = LocalDate.of(2026, 12, 5);

  /** A passphrase distinctive enough to search for in every output. */
  public static final String PASSPHRASE = "correct horse battery staple 7Qz";

  public static final String USER_ID = "RVNT Canary <canary@rvntos.io>";

  /** The lowest S2K count that still exercises the encryption: keeps unit tests fast. Production uses the default. */
  public static final int FAST_S2K = 0x10;

  private Fixtures() {}

  public static Clock clockOn(LocalDate day) {
    return Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  }

  public static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  public static char[] passphrase() {
    return PASSPHRASE.toCharArray();
  }

  /**
   * The operator's key for {@link #USER_ID}, made once for all the tests in this JVM: a key is immutable, and making
   * one is the slow part of a test. Tests that need a key of their own call {@link #newKey}.
   */
  public static SigningKey operatorKey() {
    return OperatorKey.KEY;
  }

  public static SigningKey newKey(String userId) throws CanaryException {
    return new SigningKeyGenerator(clockOn(PUBLISHED.minusYears(1)), new SecureRandom(), FAST_S2K)
        .generate(userId, passphrase());
  }

  public static CanaryDocument healthyCanary(long sequence) {
    return CanaryDocument.affirmingAll(
        USER_ID,
        PUBLISHED,
        sequence,
        DUE,
        List.of("Bitcoin block 920000: 00000000000000000001c1d4e3f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3"));
  }

  /** A passphrase file with mode 0600 holding {@link #PASSPHRASE} and a line feed. */
  public static Path passphraseFile(Path directory) throws IOException {
    Path file =
        Files.createFile(
            directory.resolve("passphrase"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, PASSPHRASE + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Holder: the key is made on first use, once, without locking on every call. */
  private static final class OperatorKey {
    static final SigningKey KEY;

    static {
      try {
        KEY = newKey(USER_ID);
      } catch (CanaryException e) {
        throw new AssertionError("cannot make the operator's test key", e);
      }
    }
  }
}

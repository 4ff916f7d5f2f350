package io.rvnt.server.pow;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.rvnt.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the seeds of spec §6.4 are derived from: a file of 64 or more lowercase hex digits (32 random bytes),
 * mode 0600 (invariant 2, {@link PrivateFiles}), made with {@code openssl rand -hex 32}. Without
 * {@code pow-seed-key} the single instance makes {@code pow-seed.key} in its data directory on first start (the
 * store's lock is held by then, so no other process races it); a cluster's members are given one file they share.
 */
public final class PowSeedKey {
  /** The default file's name in the data directory. */
  public static final String DEFAULT_NAME = "pow-seed.key";
  static final int KEY_BYTES = 32;

  private PowSeedKey() {}

  /** Reads the configured key, or the data directory's, made first when it is missing. */
  public static byte[] load(PowConfig config, Path dataDir) throws IOException {
    if (config.seedKey().isPresent()) {
      return read(config.seedKey().get());
    }
    Path file = dataDir.resolve(DEFAULT_NAME);
    if (!Files.exists(file)) {
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      PrivateFiles.createDirectory(dataDir);
      PrivateFiles.writeAtomically(file, (HexFormat.of().formatHex(key) + "\n").getBytes(US_ASCII));
    }
    return read(file);
  }

  /** The key of {@code file}; refuses one others can reach, or one that is not 64 or more hex digits. */
  static byte[] read(Path file) throws IOException {
    PrivateFiles.requireOwnerOnly(file, "the proof-of-work seed key");
    String text = Files.readString(file, US_ASCII).strip();
    if (text.length() < KEY_BYTES * 2 || text.length() % 2 != 0 || !text.chars().allMatch(PowSeedKey::isHex)) {
      throw new IOException("the proof-of-work seed key " + file + " must hold at least " + KEY_BYTES * 2
          + " lowercase hex digits (openssl rand -hex 32)");
    }
    return HexFormat.of().parseHex(text);
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}

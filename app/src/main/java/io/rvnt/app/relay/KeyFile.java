package io.rvnt.app.relay;

import io.rvnt.app.CliException;
import io.rvnt.protocol.files.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The relay-client's secrets, for trying a relay by hand: a master seed (mailbox keys per relay derive from it,
 * docs/relay-protocol.md §4.2) and one contact's deposit secret (§4.5), as hex in a properties file of mode 0600.
 * Created on first use; a file others can read is refused (invariant 2).
 */
final class KeyFile {

  private static final HexFormat HEX = HexFormat.of();

  final byte[] masterSeed;
  final byte[] depositSecret;

  private KeyFile(byte[] masterSeed, byte[] depositSecret) {
    this.masterSeed = masterSeed;
    this.depositSecret = depositSecret;
  }

  static KeyFile loadOrCreate(Path file) {
    if (Files.exists(file)) {
      return load(file);
    }
    SecureRandom random = new SecureRandom();
    byte[] seed = new byte[32];
    byte[] secret = new byte[32];
    random.nextBytes(seed);
    random.nextBytes(secret);
    try {
      PrivateFiles.createDirectory(file.toAbsolutePath().getParent());
      PrivateFiles.writeAtomically(file, ("# rvnt relay-client keys: keep this file private (mode 0600)\n"
          + "master-seed = " + HEX.formatHex(seed) + "\n"
          + "deposit-secret = " + HEX.formatHex(secret) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException("cannot write the key file " + file + ": " + e.getMessage(), e);
    }
    return new KeyFile(seed, secret);
  }

  static KeyFile load(Path file) {
    try {
      PrivateFiles.requireOwnerOnly(file, "the key file");
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      return new KeyFile(bytes(p, "master-seed", file), bytes(p, "deposit-secret", file));
    } catch (IOException e) {
      throw new CliException("cannot read the key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(Properties p, String key, Path file) {
    String value = p.getProperty(key, "").strip();
    try {
      byte[] bytes = HEX.parseHex(value);
      if (bytes.length == 32) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw new CliException("the key file " + file + " has no valid " + key + " (64 hex digits)");
  }
}

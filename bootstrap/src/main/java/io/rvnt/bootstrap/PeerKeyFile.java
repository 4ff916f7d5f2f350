package io.rvnt.bootstrap;

import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PrivKey;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The node's persistent Ed25519 peer key ({@code peer.key} in the data directory, the protobuf PrivateKey of the
 * peer-ids spec): created on first start with mode 0600 in a 0700 directory, then reused so the PeerId the other
 * nodes and the apps know stays the same. A key file readable by group or others is refused (invariant 2).
 */
public final class PeerKeyFile {

  public static final String NAME = "peer.key";
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  private PeerKeyFile() {}

  public static PrivKey loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
    ensureDirectory(dataDir);
    Path file = dataDir.resolve(NAME);
    if (Files.exists(file)) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY_FILE.containsAll(mode)) {
        throw new IOException("the peer key " + file + " must be mode 0600, it is "
            + PosixFilePermissions.toString(mode));
      }
      try {
        return Keys.unmarshalPrivateKey(Files.readAllBytes(file));
      } catch (CryptoException e) {
        throw new IOException("the peer key " + file + " is not a libp2p Ed25519 private key", e);
      }
    }
    PrivKey key = Keys.generateEd25519(random);
    Path tmp = Files.createTempFile(dataDir, NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    try {
      Files.write(tmp, key.bytes());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return key;
  }

  static void ensureDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
    }
    Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
  }
}

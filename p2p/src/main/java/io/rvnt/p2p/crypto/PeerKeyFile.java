package io.rvnt.p2p.crypto;

import io.rvnt.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A server node's persistent Ed25519 peer key ({@code peer.key} in its data directory, the protobuf PrivateKey of
 * the peer-ids spec), for the bootstrap node and the relay: created on first start with mode 0600 in a 0700
 * directory ({@link PrivateFiles}), then reused, so the PeerId the other nodes and the apps know stays the same. A
 * key file that group or others can reach is refused (invariant 2).
 */
public final class PeerKeyFile {

  public static final String NAME = "peer.key";

  private PeerKeyFile() {}

  /** The key in {@code dataDir}, created there (and the directory with it) on first use. */
  public static PrivKey loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
    // The directory holds the store too: made 0700 if it was not (a service manager may create it 0755).
    PrivateFiles.createDirectory(dataDir);
    Files.setPosixFilePermissions(dataDir, PrivateFiles.DIRECTORY_MODE);
    Path file = dataDir.resolve(NAME);
    if (Files.exists(file)) {
      PrivateFiles.requireOwnerOnly(file, "the peer key");
      try {
        return Keys.unmarshalPrivateKey(Files.readAllBytes(file));
      } catch (CryptoException e) {
        throw new IOException("the peer key " + file + " is not a libp2p Ed25519 private key", e);
      }
    }
    PrivKey key = Keys.generateEd25519(random);
    PrivateFiles.writeAtomically(file, key.bytes());
    return key;
  }
}

package io.rvnt.protocol.client;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.files.PrivateFiles;
import io.rvnt.protocol.identity.Usernames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The private keys of the users registered from this machine: one directory per username under the root, with
 *
 * <pre>
 *   {username}/identity                    the 32-byte Ed25519 seed
 *   {username}/signed-prekeys/{id}          32-byte X25519 private keys, one per signed prekey ever made
 *   {username}/pq-prekeys/{id}              64-byte ML-KEM-768 seeds (d || z), one per PQ prekey ever made
 *   {username}/one-time-prekeys             records of u32be(id) || 32-byte X25519 private key
 * </pre>
 *
 * Ids are unsigned decimal. The current signed and PQ prekeys are those with the highest id; older ones are kept
 * because messages sent to them may still arrive. One-time private keys are kept too: the server does not say which
 * ones it handed out, so the client cannot know which are spent (the receiving side deletes one when a message
 * names it).
 *
 * <p>Directories are mode 0700 and files 0600, created with those permissions (never widened and narrowed later);
 * every file is written to a temporary file in the same directory, synced, then renamed over the target, so a crash
 * leaves either the old or the new file. Loading refuses any file or directory that group or others can read,
 * write or enter. Private keys never leave this class except to sign or be used by the caller.
 */
public final class Keystore {
  private static final String IDENTITY = "identity";
  private static final String SIGNED_PREKEYS = "signed-prekeys";
  private static final String PQ_PREKEYS = "pq-prekeys";
  private static final String ONE_TIME_PREKEYS = "one-time-prekeys";
  private static final int ONE_TIME_RECORD_BYTES = Integer.BYTES + X25519.PRIVATE_KEY_BYTES;

  private final Path root;

  private Keystore(Path root) {
    this.root = root;
  }

  /** Opens the keystore at {@code root}, creating it (mode 0700) when missing; refuses a root others can enter. */
  public static Keystore open(Path root) throws IOException {
    Path absolute = root.toAbsolutePath();
    PrivateFiles.createDirectory(absolute);
    requirePrivateDirectory(absolute);
    return new Keystore(absolute);
  }

  /** Opens an existing keystore; refuses a missing one rather than creating it (for commands that only read). */
  public static Keystore openExisting(Path root) throws IOException {
    Path absolute = root.toAbsolutePath();
    if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(absolute.toString(), null, "no keystore here");
    }
    requirePrivateDirectory(absolute);
    return new Keystore(absolute);
  }

  public Path root() {
    return root;
  }

  public boolean contains(String username) throws IOException {
    return Files.exists(userDir(username), LinkOption.NOFOLLOW_LINKS);
  }

  /** The usernames with an entry, sorted. */
  public List<String> usernames() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Usernames.isValid(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          names.add(name);
        }
      }
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  /** Creates the entry of a new user with its identity key; refuses when one exists already. */
  public void create(String username, Ed25519.KeyPair identity) throws IOException {
    Path dir = userDir(username);
    PrivateFiles.createNewDirectory(dir);
    for (String sub : List.of(SIGNED_PREKEYS, PQ_PREKEYS)) {
      PrivateFiles.createNewDirectory(dir.resolve(sub));
    }
    PrivateFiles.writeAtomically(dir.resolve(IDENTITY), identity.seed());
    PrivateFiles.syncDirectory(root);
  }

  public Ed25519.KeyPair identity(String username) throws IOException {
    byte[] seed = read(userDir(username).resolve(IDENTITY), Ed25519.SEED_BYTES);
    return Ed25519.fromSeed(seed);
  }

  public void putSignedPreKey(String username, int id, X25519.KeyPair keyPair) throws IOException {
    PrivateFiles.writeAtomically(subDir(username, SIGNED_PREKEYS).resolve(Integer.toUnsignedString(id)),
        keyPair.privateKey());
  }

  /** The signed prekey with the highest id, the current one. */
  public OptionalInt currentSignedPreKeyId(String username) throws IOException {
    return highest(ids(subDir(username, SIGNED_PREKEYS)));
  }

  public X25519.KeyPair signedPreKey(String username, int id) throws IOException {
    Path file = subDir(username, SIGNED_PREKEYS).resolve(Integer.toUnsignedString(id));
    return X25519.fromPrivateKey(read(file, X25519.PRIVATE_KEY_BYTES));
  }

  public void putPqPreKey(String username, int id, MlKem768.KeyPair keyPair) throws IOException {
    PrivateFiles.writeAtomically(subDir(username, PQ_PREKEYS).resolve(Integer.toUnsignedString(id)),
        keyPair.privateKey());
  }

  /** The PQ prekey with the highest id, the current one. */
  public OptionalInt currentPqPreKeyId(String username) throws IOException {
    return highest(ids(subDir(username, PQ_PREKEYS)));
  }

  public MlKem768.KeyPair pqPreKey(String username, int id) throws IOException {
    Path file = subDir(username, PQ_PREKEYS).resolve(Integer.toUnsignedString(id));
    return MlKem768.fromSeed(read(file, MlKem768.SEED_BYTES));
  }

  /**
   * Adds one-time prekeys to the user's one file of them, rewritten atomically: one synced write however many keys
   * (a file per key cost one fsync each, seconds for a hundred). An id already stored is replaced.
   */
  public void putOneTimePreKeys(String username, Map<Integer, X25519.KeyPair> keyPairs) throws IOException {
    TreeMap<Integer, byte[]> all = readOneTimePreKeys(username);
    keyPairs.forEach((id, pair) -> all.put(id, pair.privateKey()));
    ByteBuffer out = ByteBuffer.allocate(all.size() * ONE_TIME_RECORD_BYTES);
    all.forEach((id, privateKey) -> out.putInt(id).put(privateKey));
    PrivateFiles.writeAtomically(userDir(username).resolve(ONE_TIME_PREKEYS), out.array());
  }

  /** The ids of the stored one-time prekeys, in unsigned order. */
  public List<Integer> oneTimePreKeyIds(String username) throws IOException {
    return new ArrayList<>(readOneTimePreKeys(username).keySet());
  }

  public X25519.KeyPair oneTimePreKey(String username, int id) throws IOException {
    byte[] privateKey = readOneTimePreKeys(username).get(id);
    if (privateKey == null) {
      throw new NoSuchFileException(Integer.toUnsignedString(id), null, "no such one-time prekey");
    }
    return X25519.fromPrivateKey(privateKey);
  }

  /** Records of u32be(id) || 32-byte private key; an absent file is an empty set. */
  private TreeMap<Integer, byte[]> readOneTimePreKeys(String username) throws IOException {
    Path userDir = userDir(username);
    if (!Files.isDirectory(userDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(userDir.toString(), null, "no keystore entry for this username");
    }
    requirePrivateDirectory(userDir);
    TreeMap<Integer, byte[]> keys = new TreeMap<>(Integer::compareUnsigned);
    Path file = userDir.resolve(ONE_TIME_PREKEYS);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return keys;
    }
    requirePrivateFile(file);
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length % ONE_TIME_RECORD_BYTES != 0) {
      throw new IOException("corrupt keystore file (not whole records): " + file);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.hasRemaining()) {
      int id = in.getInt();
      byte[] privateKey = new byte[X25519.PRIVATE_KEY_BYTES];
      in.get(privateKey);
      keys.put(id, privateKey);
    }
    return keys;
  }

  /** Deletes everything stored for the user. Call it only once the server confirmed the deletion. */
  public void delete(String username) throws IOException {
    Path dir = userDir(username);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    requirePrivateDirectory(dir);
    List<Path> paths = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.forEach(paths::add);
    }
    paths.sort(Comparator.reverseOrder());
    for (Path path : paths) {
      Files.delete(path);
    }
    PrivateFiles.syncDirectory(root);
  }

  private Path userDir(String username) {
    if (!Usernames.isValid(username)) {
      throw new IllegalArgumentException("not a valid username");
    }
    return root.resolve(username);
  }

  private Path subDir(String username, String name) throws IOException {
    Path userDir = userDir(username);
    if (!Files.isDirectory(userDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(userDir.toString(), null, "no keystore entry for this username");
    }
    requirePrivateDirectory(userDir);
    Path dir = userDir.resolve(name);
    requirePrivateDirectory(dir);
    return dir;
  }

  private static List<Integer> ids(Path dir) throws IOException {
    List<Integer> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(PrivateFiles.TEMP_PREFIX)) {
          continue;
        }
        try {
          ids.add(Integer.parseUnsignedInt(name));
        } catch (NumberFormatException e) {
          throw new IOException("unexpected file in the keystore: " + entry);
        }
      }
    }
    ids.sort(Integer::compareUnsigned);
    return ids;
  }

  private static OptionalInt highest(List<Integer> ids) {
    return ids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(ids.get(ids.size() - 1));
  }

  private static byte[] read(Path file, int expectedBytes) throws IOException {
    requirePrivateFile(file);
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != expectedBytes) {
      throw new IOException("corrupt keystore file (expected " + expectedBytes + " bytes): " + file);
    }
    return bytes;
  }

  private static void requirePrivateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("keystore directory missing or not a directory: " + dir);
    }
    requireOwnerOnly(dir);
  }

  private static void requirePrivateFile(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(file.toString(), null, "keystore file missing or not a regular file");
    }
    requireOwnerOnly(file);
  }

  private static void requireOwnerOnly(Path path) throws IOException {
    PrivateFiles.requireOwnerOnly(path, "a keystore path");
  }

}

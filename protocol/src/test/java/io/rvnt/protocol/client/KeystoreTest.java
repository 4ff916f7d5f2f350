package io.rvnt.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
  private final SecureRandom random = new SecureRandom();
  @TempDir Path temp;

  private Keystore withAlice() throws IOException {
    Keystore keystore = Keystore.open(temp.resolve("keystore"));
    keystore.create("alice", Ed25519.generate(random));
    keystore.putSignedPreKey("alice", 1, X25519.generate(random));
    keystore.putPqPreKey("alice", 1, MlKem768.generate(random));
    keystore.putOneTimePreKeys("alice", Map.of(1, X25519.generate(random), 2, X25519.generate(random)));
    return keystore;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void createsDirectoriesOwnerOnlyAndFilesReadableByTheOwnerAlone() throws IOException {
    Keystore keystore = withAlice();
    try (Stream<Path> walk = Files.walk(keystore.root())) {
      for (Path path : walk.toList()) {
        assertThat(mode(path)).as("mode of %s", path)
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }

  @Test
  void keepsEveryKeyAcrossReopening() throws IOException {
    Ed25519.KeyPair identity = Ed25519.generate(random);
    X25519.KeyPair signed = X25519.generate(random);
    MlKem768.KeyPair pq = MlKem768.generate(random);
    X25519.KeyPair oneTime = X25519.generate(random);
    Keystore keystore = Keystore.open(temp.resolve("ks"));
    keystore.create("bob", identity);
    keystore.putSignedPreKey("bob", 3, signed);
    keystore.putPqPreKey("bob", 4, pq);
    keystore.putOneTimePreKeys("bob", Map.of(0xfffffffe, oneTime));

    Keystore reopened = Keystore.open(temp.resolve("ks"));
    assertThat(reopened.usernames()).containsExactly("bob");
    assertThat(reopened.identity("bob")).isEqualTo(identity);
    assertThat(reopened.currentSignedPreKeyId("bob")).hasValue(3);
    assertThat(reopened.signedPreKey("bob", 3)).isEqualTo(signed);
    assertThat(reopened.currentPqPreKeyId("bob")).hasValue(4);
    assertThat(reopened.pqPreKey("bob", 4)).isEqualTo(pq);
    assertThat(reopened.oneTimePreKeyIds("bob")).containsExactly(0xfffffffe);
    assertThat(reopened.oneTimePreKey("bob", 0xfffffffe)).isEqualTo(oneTime);
  }

  @Test
  void theCurrentPreKeyIsTheOneWithTheHighestUnsignedId() throws IOException {
    Keystore keystore = withAlice();
    keystore.putSignedPreKey("alice", 2, X25519.generate(random));
    keystore.putSignedPreKey("alice", 0x80000000, X25519.generate(random));
    assertThat(keystore.currentSignedPreKeyId("alice")).hasValue(0x80000000);
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    Keystore keystore = withAlice();
    keystore.putSignedPreKey("alice", 1, X25519.generate(random));
    try (Stream<Path> walk = Files.walk(keystore.root())) {
      assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".tmp-"));
    }
  }

  @Test
  void replacesAFileAtomicallyWithTheNewContent() throws IOException {
    Keystore keystore = withAlice();
    X25519.KeyPair replacement = X25519.generate(random);
    keystore.putSignedPreKey("alice", 1, replacement);
    assertThat(keystore.signedPreKey("alice", 1)).isEqualTo(replacement);
  }

  @Test
  void refusesAKeyFileThatGroupOrOthersCanRead() throws IOException {
    Keystore keystore = withAlice();
    Files.setPosixFilePermissions(keystore.root().resolve("alice/identity"),
        PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> keystore.identity("alice")).isInstanceOf(IOException.class)
        .hasMessageContaining("group or others");
  }

  @Test
  void refusesAUserDirectoryThatOthersCanEnter() throws IOException {
    Keystore keystore = withAlice();
    Files.setPosixFilePermissions(keystore.root().resolve("alice"), PosixFilePermissions.fromString("rwx-----x"));
    assertThatThrownBy(() -> keystore.oneTimePreKeyIds("alice")).isInstanceOf(IOException.class)
        .hasMessageContaining("group or others");
  }

  @Test
  void refusesToOpenARootThatOthersCanRead() throws IOException {
    Path root = Files.createDirectory(temp.resolve("open"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> Keystore.open(root)).isInstanceOf(IOException.class)
        .hasMessageContaining("group or others");
  }

  @Test
  void refusesACorruptKeyFile() throws IOException {
    Keystore keystore = withAlice();
    Files.write(keystore.root().resolve("alice/identity"), new byte[5]);
    assertThatThrownBy(() -> keystore.identity("alice")).isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void refusesToCreateAUserTwice() throws IOException {
    Keystore keystore = withAlice();
    assertThatThrownBy(() -> keystore.create("alice", Ed25519.generate(random))).isInstanceOf(IOException.class);
  }

  @Test
  void refusesAnInvalidUsernameAsADirectoryName() throws IOException {
    Keystore keystore = Keystore.open(temp.resolve("ks"));
    assertThatThrownBy(() -> keystore.create("../evil", Ed25519.generate(random)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingUserIsReportedAsSuch() throws IOException {
    Keystore keystore = Keystore.open(temp.resolve("ks"));
    assertThat(keystore.contains("carol")).isFalse();
    assertThatThrownBy(() -> keystore.identity("carol")).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void deleteRemovesEverythingOfTheUserAndNothingElse() throws IOException {
    Keystore keystore = withAlice();
    keystore.create("bob", Ed25519.generate(random));
    keystore.delete("alice");
    assertThat(keystore.contains("alice")).isFalse();
    assertThat(keystore.usernames()).isEqualTo(List.of("bob"));
  }
}

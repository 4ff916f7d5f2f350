package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {
  private final SigningKey key = Fixtures.operatorKey();

  @TempDir Path temp;

  @Test
  void storesTheSecretKeyWithMode0600InADirectoryWithMode0700() throws Exception {
    Path directory = temp.resolve("a/b/canary-key");
    KeyDirectory.store(directory, key);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(KeyDirectory.SECRET_KEY))))
        .as("the secret key file is the owner's alone")
        .isEqualTo("rw-------");
    assertThat(KeyDirectory.load(directory).fingerprint()).isEqualTo(key.fingerprint());
  }

  @Test
  void theStoredSecretKeyIsEncryptedAndDoesNotContainThePassphrase() throws Exception {
    KeyDirectory.store(temp.resolve("k"), key);
    String stored = Files.readString(temp.resolve("k").resolve(KeyDirectory.SECRET_KEY), StandardCharsets.US_ASCII);

    assertThat(stored).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----").doesNotContain(Fixtures.PASSPHRASE);
    assertThat(KeyDirectory.load(temp.resolve("k")).unlock(Fixtures.passphrase()).fingerprint())
        .isEqualTo(key.fingerprint());
  }

  @Test
  void neverOverwritesAnExistingSecretKey() throws Exception {
    Path directory = temp.resolve("k");
    KeyDirectory.store(directory, key);
    byte[] before = Files.readAllBytes(directory.resolve(KeyDirectory.SECRET_KEY));

    assertThatThrownBy(() -> KeyDirectory.store(directory, Fixtures.newKey("Other <o@example.org>")))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_OVERWRITE));
    assertThat(Files.readAllBytes(directory.resolve(KeyDirectory.SECRET_KEY))).isEqualTo(before);
  }

  @Test
  void refusesASecretKeyFileOthersCanRead() throws Exception {
    Path directory = temp.resolve("k");
    KeyDirectory.store(directory, key);
    Files.setPosixFilePermissions(directory.resolve(KeyDirectory.SECRET_KEY), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KeyDirectory.load(directory))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS))
        .hasMessageContaining("secret key file");
  }

  @Test
  void refusesAKeyDirectoryOthersCanEnter() throws Exception {
    Path directory = temp.resolve("k");
    KeyDirectory.store(directory, key);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> KeyDirectory.load(directory))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS));
    assertThatThrownBy(() -> KeyDirectory.store(directory, key))
        .as("nor stores a key into it")
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS));
  }

  @Test
  void refusesAWrongPassphrase() throws Exception {
    KeyDirectory.store(temp.resolve("k"), key);
    SigningKey loaded = KeyDirectory.load(temp.resolve("k"));

    assertThatThrownBy(() -> loaded.unlock("wrong passphrase".toCharArray()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE))
        .hasMessageNotContaining("wrong passphrase")
        .hasNoCause();
  }

  @Test
  void reportsAMissingKey() {
    assertThatThrownBy(() -> KeyDirectory.load(temp))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT))
        .hasMessageContaining("rvnt canary keygen");
  }
}

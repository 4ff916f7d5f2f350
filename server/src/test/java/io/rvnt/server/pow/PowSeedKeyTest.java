package io.rvnt.server.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 2 and spec §6.4: the seed key is a 0600 file, made once for a single server. */
class PowSeedKeyTest {
  @TempDir Path dir;

  static PowConfig with(Optional<Path> key) {
    PowConfig d = PowConfig.defaults();
    return new PowConfig(key, d.seedPeriod(), d.queueCapacity(), d.queueDeadline(), d.updatePeriod(), d.increase(),
        d.decreaseFactor(), d.ceiling());
  }

  @Test
  void aSingleServerMakesItsKeyOnceWithMode0600() throws Exception {
    Path data = dir.resolve("data");
    byte[] first = PowSeedKey.load(PowConfig.defaults(), data);
    Path file = data.resolve(PowSeedKey.DEFAULT_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(first).hasSize(32);
    assertThat(PowSeedKey.load(PowConfig.defaults(), data)).as("kept across restarts").isEqualTo(first);
  }

  @Test
  void readsTheConfiguredKey() throws Exception {
    Path file = write("ab".repeat(40), "rw-------");
    assertThat(PowSeedKey.load(with(Optional.of(file)), dir.resolve("data"))).hasSize(40);
    assertThat(dir.resolve("data")).as("no key of its own is made").doesNotExist();
  }

  @Test
  void refusesAKeyOthersCanRead() throws Exception {
    Path file = write("ab".repeat(32), "rw-r--r--");
    assertThatThrownBy(() -> PowSeedKey.load(with(Optional.of(file)), dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("chmod go=");
  }

  @Test
  void refusesAShortOrMalformedKey() throws Exception {
    for (String text : new String[] {"ab".repeat(31), "AB".repeat(32), "zz".repeat(32), "ab".repeat(32) + "c"}) {
      Path file = write(text, "rw-------");
      assertThatThrownBy(() -> PowSeedKey.load(with(Optional.of(file)), dir)).as("'%s'", text)
          .isInstanceOf(IOException.class).hasMessageContaining("openssl rand -hex 32");
    }
  }

  @Test
  void refusesAMissingConfiguredKey() {
    assertThatThrownBy(() -> PowSeedKey.load(with(Optional.of(dir.resolve("absent"))), dir))
        .isInstanceOf(IOException.class);
  }

  private Path write(String text, String mode) throws IOException {
    Path file = dir.resolve("key");
    Files.deleteIfExists(file);
    Files.writeString(file, text + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }
}

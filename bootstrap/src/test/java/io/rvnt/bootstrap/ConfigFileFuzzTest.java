package io.rvnt.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The bootstrap node's configuration file, which an operator may get wrong (FUZZING.md): an {@link
 * IllegalArgumentException} naming the setting (the error {@code rvnt bootstrap} reports), or a configuration that
 * the file's settings, written back in canonical properties form, give again. It never looks a name up: the admin
 * address is a literal loopback address or localhost.
 */
class ConfigFileFuzzTest {
  private static final Path DIR = tempDir();
  private static final Path FILE = DIR.resolve("bootstrap.conf");
  private static final Path CANONICAL = DIR.resolve("canonical.conf");

  @FuzzTest
  void fileIsRefusedByNameOrAppliesAgainFromItsCanonicalForm(byte[] text) throws IOException {
    Files.write(FILE, text);
    BootstrapConfig config;
    try {
      config = ConfigFile.apply(BootstrapConfig.defaults(), FILE);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).as("the refusal says why").isNotBlank();
      return;
    }
    assertThat(config.admin().getAddress().isLoopbackAddress()).as("the admin listener stays on loopback").isTrue();
    Properties settings = new Properties();
    try (var in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
      settings.load(in);
    }
    try (Writer out = Files.newBufferedWriter(CANONICAL, StandardCharsets.UTF_8)) {
      settings.store(out, null);
    }
    assertThat(ConfigFile.apply(BootstrapConfig.defaults(), CANONICAL)).as("the canonical form applies the same")
        .isEqualTo(config);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("rvnt-bootstrap-config-fuzz");
      // Deleted in reverse order of registration: the files, then the directory.
      dir.toFile().deleteOnExit();
      dir.resolve("bootstrap.conf").toFile().deleteOnExit();
      dir.resolve("canonical.conf").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

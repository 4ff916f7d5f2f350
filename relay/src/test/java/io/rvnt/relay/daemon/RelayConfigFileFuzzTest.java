package io.rvnt.relay.daemon;

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
 * The relay's configuration file, which an operator may get wrong (FUZZING.md): an {@link IllegalArgumentException}
 * naming the setting (the error {@code rvnt relay} reports), or a configuration that the file's settings, written
 * back in canonical properties form, give again.
 */
class RelayConfigFileFuzzTest {
  private static final Path DIR = tempDir();
  private static final Path FILE = DIR.resolve("relay.conf");
  private static final Path CANONICAL = DIR.resolve("canonical.conf");

  @FuzzTest
  void fileIsRefusedByNameOrAppliesAgainFromItsCanonicalForm(byte[] text) throws IOException {
    Files.write(FILE, text);
    RelayConfig config;
    try {
      config = RelayConfigFile.apply(RelayConfig.defaults(), FILE);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).as("the refusal says why").isNotBlank();
      return;
    }
    Properties settings = new Properties();
    try (var in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
      settings.load(in);
    }
    try (Writer out = Files.newBufferedWriter(CANONICAL, StandardCharsets.UTF_8)) {
      settings.store(out, null);
    }
    assertThat(RelayConfigFile.apply(RelayConfig.defaults(), CANONICAL)).as("the canonical form applies the same")
        .isEqualTo(config);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("rvnt-relay-config-fuzz");
      // Deleted in reverse order of registration: the files, then the directory.
      dir.toFile().deleteOnExit();
      dir.resolve("relay.conf").toFile().deleteOnExit();
      dir.resolve("canonical.conf").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

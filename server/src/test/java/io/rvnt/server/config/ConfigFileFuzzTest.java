package io.rvnt.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The identity server's configuration file, which an operator may get wrong (FUZZING.md): a typed {@link
 * ConfigException}, or values whose canonical form ({@code key = value} lines) parses back to the same values and
 * builds the same configuration.
 */
class ConfigFileFuzzTest {
  private static final Path DIR = tempDir();
  private static final Path FILE = DIR.resolve("server.conf");
  private static final Path CANONICAL = DIR.resolve("canonical.conf");

  @FuzzTest
  void fileIsTypedErrorOrParsesBackFromItsCanonicalForm(byte[] text) throws IOException {
    Files.write(FILE, text);
    Map<String, String> values;
    IdentityServerConfig config;
    try {
      values = ConfigLoader.parseFile(FILE);
      config = ConfigLoader.fromMap(values, DIR);
    } catch (ConfigException expected) {
      return;
    }
    StringBuilder canonical = new StringBuilder();
    values.forEach((key, value) -> canonical.append(key).append(" = ").append(value).append('\n'));
    Files.writeString(CANONICAL, canonical);
    try {
      assertThat(ConfigLoader.parseFile(CANONICAL)).as("the canonical form parses back").isEqualTo(values);
      assertThat(ConfigLoader.load(CANONICAL, Map.of(), DIR)).as("to the same configuration").isEqualTo(config);
    } catch (ConfigException e) {
      throw new AssertionError("the canonical form of an accepted file is refused", e);
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("rvnt-config-fuzz");
      // Deleted in reverse order of registration: the files, then the directory.
      dir.toFile().deleteOnExit();
      dir.resolve("server.conf").toFile().deleteOnExit();
      dir.resolve("canonical.conf").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

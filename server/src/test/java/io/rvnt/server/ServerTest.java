package io.rvnt.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up every HTTP test of this package shares: a temporary data directory, the {@link ServerFixture} a test
 * (or its {@code @BeforeEach}) starts in it, and its shutdown after each test, also when the test failed before
 * starting one.
 */
abstract class ServerTest {
  static final byte[] EMPTY = new byte[0];

  @TempDir Path dir;
  ServerFixture fx;

  @AfterEach
  void stopServer() {
    if (fx != null) {
      fx.close();
    }
  }
}

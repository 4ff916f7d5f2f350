package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.operator.OperatorException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildCommandTest {
  @Test
  void runsTheProductionCommandFromTheJarWithTheWatchdogLast() {
    ChildCommand command = new ChildCommand(Path.of("/usr/bin/java"), Path.of("/opt/rvnt.jar"), List.of("-Xmx64m"));
    assertThat(command.command(List.of("server", "--listen", "127.0.0.1:1"), 42))
        .as("java, jvm options, -jar rvnt.jar, the production command, then --parent-pid")
        .containsExactly("/usr/bin/java", "-Xmx64m", "-jar", "/opt/rvnt.jar", "server", "--listen", "127.0.0.1:1",
            "--parent-pid", "42");
  }

  @Test
  void refusesToRunWithoutAJar(@TempDir Path temp) {
    String before = System.getProperty(ChildCommand.JAR_PROPERTY);
    System.setProperty(ChildCommand.JAR_PROPERTY, temp.resolve("missing.jar").toString());
    try {
      assertThatThrownBy(ChildCommand::ofThisJar).as("a missing jar is a clear error")
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("rvnt.jar")
          .extracting(e -> ((OperatorException) e).reason()).isEqualTo(OperatorException.Reason.JAR_MISSING);
    } finally {
      if (before == null) {
        System.clearProperty(ChildCommand.JAR_PROPERTY);
      } else {
        System.setProperty(ChildCommand.JAR_PROPERTY, before);
      }
    }
  }
}

package io.rvnt.remote.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionLogTest {
  @TempDir Path dir;

  @Test
  void recordsOneTabSeparatedLinePerActionInAPrivateFile() throws Exception {
    ActionLog log = new ActionLog(dir.resolve("remote/actions.log"),
        Clock.fixed(Instant.parse("2026-11-25T10:00:00.123Z"), ZoneOffset.UTC));
    log.record("deploy", "boot1", "0.2.0", "rolled_back");
    log.record("stop", "boot1", "", "ok");
    assertThat(Files.readAllLines(log.file())).containsExactly(
        "2026-11-25T10:00:00Z\tdeploy\tboot1\t0.2.0\trolled_back",
        "2026-11-25T10:00:00Z\tstop\tboot1\t-\tok");
    assertThat(Files.getPosixFilePermissions(log.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aFieldCannotBreakTheLineFormat() throws Exception {
    ActionLog log = new ActionLog(dir.resolve("actions.log"), Clock.systemUTC());
    log.record("deploy", "evil\nname\twith tabs", "1.0", "ok");
    assertThat(Files.readAllLines(log.file())).as("one line, five fields, whatever the input").hasSize(1)
        .allSatisfy(line -> assertThat(line.split("\t")).hasSize(5));
  }
}

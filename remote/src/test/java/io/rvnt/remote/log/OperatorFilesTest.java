package io.rvnt.remote.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's folder is private however it came to exist (issue 12, item 8). */
class OperatorFilesTest {
  @TempDir Path dir;

  @Test
  void anExistingWideFolderIsNarrowedTo0700BeforeAFileIsWritten() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("config"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    OperatorFiles.writePrivate(folder.resolve("hosts.conf"), "# nothing yet\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("hosts.conf"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aNewFolderIsCreated0700() throws Exception {
    Path log = dir.resolve("new/actions.log");
    OperatorFiles.appendPrivate(log, "line");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
        .isEqualTo("rwx------");
  }
}

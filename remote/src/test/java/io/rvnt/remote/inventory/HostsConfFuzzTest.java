package io.rvnt.remote.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.remote.RemoteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hosts.conf}, which an operator may edit by hand (FUZZING.md): a typed {@link RemoteException}
 * (BAD_INVENTORY), or hosts that {@code rvnt remote} writes back in its own form and reads again unchanged.
 */
class HostsConfFuzzTest {
  private static final Path DIR = tempDir();
  private static final Path FILE = DIR.resolve("hosts.conf");

  @FuzzTest
  void fileIsTypedErrorOrTheHostsWrittenBackReadTheSame(byte[] text) throws Exception {
    Files.write(FILE, text);
    Inventory inventory;
    try {
      inventory = Inventory.load(FILE);
    } catch (RemoteException expected) {
      assertThat(expected.reason()).isEqualTo(RemoteException.Reason.BAD_INVENTORY);
      return;
    }
    List<Host> hosts = inventory.hosts();
    if (hosts.isEmpty()) {
      return;
    }
    // An update writes the whole file in the inventory's own form.
    inventory.update(hosts.get(0));
    assertThat(Inventory.load(FILE).hosts()).as("the hosts read back as written").isEqualTo(hosts);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("rvnt-hosts-fuzz");
      // Deleted in reverse order of registration: the file, then the directory.
      dir.toFile().deleteOnExit();
      dir.resolve("hosts.conf").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

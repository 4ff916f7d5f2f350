package io.rvnt.packaging;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.Sshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Plain-mode identity hosts for deploy tests: the throwaway sshd is their SSH side, a temp folder their root. */
final class PlainHosts {
  private PlainHosts() {}

  /** A host named {@code name} rooted in {@code root}, its admin listener on a free loopback port. */
  static Host identity(String name, Sshd sshd, Path root) throws IOException {
    return new Host(name, "127.0.0.1", sshd.port(), "root", Role.IDENTITY_ACTIVE,
        Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, Files.createDirectories(root).toString(),
        sshd.clientKey(), LoopbackPorts.free());
  }

  /**
   * Moves the provisioned identity.conf to test ports instead of 8080/8081/9090; provision keeps an existing
   * identity.conf, as on a real host.
   */
  static void useTestPorts(Host host) throws IOException {
    Path root = Path.of(host.root());
    Files.writeString(root.resolve("etc/rvnt/identity.conf"), String.join("\n",
        "listen = 127.0.0.1:" + LoopbackPorts.free(),
        "admin-listen = 127.0.0.1:" + host.adminPort(),
        "data-dir = " + root.resolve("var/lib/rvnt/identity"),
        ""));
  }
}

package io.rvnt.console.hosts;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the operator typed into "Add host", as text. {@link #toHost} turns it into an unpinned {@link Host} or says
 * which field is wrong; blank port, root and admin port take the inventory's defaults.
 */
public record HostForm(String name, String address, String port, String user, String role, String identityFile,
    String mode, String root, String adminPort) {

  Host toHost() {
    Role parsedRole = Role.parse(role.strip());
    if (identityFile.isBlank()) {
      throw new IllegalArgumentException("identity-file: expected the path of your SSH key file");
    }
    return new Host(name.strip(), address.strip(), number("port", port, Host.DEFAULT_SSH_PORT), user.strip(),
        parsedRole, Optional.empty(), ServiceMode.parse(mode.isBlank() ? "systemd" : mode.strip()),
        root.isBlank() ? "/" : root.strip(), Path.of(identityFile.strip()),
        number("admin-port", adminPort, Host.defaultAdminPort(parsedRole)));
  }

  private static int number(String key, String text, int blank) {
    if (text == null || text.isBlank()) {
      return blank;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": expected a number, not '" + text.strip() + "'");
    }
  }
}

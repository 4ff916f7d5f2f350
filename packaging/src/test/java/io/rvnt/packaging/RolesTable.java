package io.rvnt.packaging;

import io.rvnt.remote.inventory.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/** packaging/roles.conf, the one table of roles, as the tests read it. */
final class RolesTable {
  private RolesTable() {}

  /** One line of the table; {@code -} in a list column is an empty list. */
  record Row(String role, String command, String unit, String config, List<String> publicPorts, String admin,
      String health, List<String> extras) {
    int adminPort() {
      return Integer.parseInt(admin.substring(admin.lastIndexOf(':') + 1));
    }

    /** The first inventory role that runs this service. */
    Role inventoryRole() {
      return Arrays.stream(Role.values()).filter(r -> r.service().equals(role)).findFirst()
          .orElseThrow(() -> new AssertionError("no io.rvnt.remote.inventory.Role runs " + role));
    }

    @Override
    public String toString() {
      return role;
    }
  }

  static List<Row> rows() {
    try {
      return Files.readAllLines(Shipped.file("roles.conf")).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.strip().split("\\s+"))
          .map(f -> {
            if (f.length != 8) {
              throw new AssertionError("roles.conf: 8 columns expected in " + String.join(" ", f));
            }
            return new Row(f[0], f[1], f[2], f[3], f[4].equals("-") ? List.of() : List.of(f[4].split(",")), f[5], f[6],
                f[7].equals("-") ? List.of() : List.of(f[7].split(",")));
          })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

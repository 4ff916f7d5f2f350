package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.inventory.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/roles.conf is the one list of roles (issue 12, item 1): the inventory's roles, the units, the configs
 * and docs/remote.md's example agree with it, so that adding a role is a line there plus its files and a Role
 * constant, and RoleDeployIT then deploys it too.
 */
class RolesTableIT {
  @TempDir Path dir;

  @Test
  void everyInventoryRoleRunsARoleOfTheTableWithItsConfigAdminPortAndHealthPath() {
    for (Role role : Role.values()) {
      RolesTable.Row row = RolesTable.rows().stream().filter(r -> r.role().equals(role.service())).findFirst()
          .orElseThrow(() -> new AssertionError(role.label() + " runs " + role.service() + ", not in roles.conf"));
      assertThat(role.config()).as(role.label() + "'s config file is the table's").isEqualTo(row.config());
      assertThat(role.defaultAdminPort()).as(role.label() + "'s default admin port is the table's")
          .isEqualTo(row.adminPort());
      assertThat(role.healthPath()).as(role.label() + " is checked where the table says").isEqualTo(row.health());
    }
    for (RolesTable.Row row : RolesTable.rows()) {
      assertThat(Arrays.stream(Role.values()).map(Role::service)).as("some inventory role runs " + row.role())
          .contains(row.role());
    }
  }

  @Test
  void everyRoleHasItsUnitRunningItsCommandWithItsConfig() throws Exception {
    for (RolesTable.Row row : RolesTable.rows()) {
      Path unit = Shipped.file("systemd/" + row.unit());
      assertThat(unit).as(row.role() + "'s unit is shipped").isRegularFile();
      assertThat(Files.readString(unit)).as(row.role() + "'s unit runs the table's command with its config")
          .contains("\nExecStart=/usr/bin/java -XX:+ExitOnOutOfMemoryError -jar /opt/rvnt/current/rvnt.jar "
              + row.command() + " --config " + row.config() + "\n");
    }
  }

  @Test
  void everyRolesConfigHasItsAdminListenerOnTheTablesLoopbackAddress() throws Exception {
    Pattern admin = Pattern.compile("(?m)^(?:admin|admin-listen) = (\\S+)$");
    for (RolesTable.Row row : RolesTable.rows()) {
      Path config = Shipped.file("config/" + Path.of(row.config()).getFileName());
      assertThat(config).as(row.role() + "'s config is shipped").isRegularFile();
      Matcher m = admin.matcher(Files.readString(config));
      assertThat(m.find()).as(row.role() + "'s config sets its admin listener").isTrue();
      assertThat(m.group(1)).as(row.role() + "'s admin listener").isEqualTo(row.admin());
      assertThat(row.admin()).as("admin listeners stay on loopback").startsWith("127.0.0.1:");
    }
  }

  @Test
  void theBoot1ExampleOfDocsRemoteMdIsAValidBootstrapHost() throws Exception {
    String docs = Files.readString(Path.of(System.getProperty("rvnt.packaging.dir"), "..", "docs", "remote.md"));
    Matcher example = Pattern.compile("```\\n(\\[boot1\\]\\n.*?)```", Pattern.DOTALL).matcher(docs);
    assertThat(example.find()).as("docs/remote.md shows a [boot1] host").isTrue();
    // The example's placeholder fingerprint, made a well-formed one; everything else as printed.
    String text = example.group(1).replaceAll("host-key = SHA256:\\S*", "host-key = SHA256:" + "A".repeat(43));
    Path file = dir.resolve("hosts.conf");
    Files.writeString(file, text);
    Host boot1;
    try {
      boot1 = Inventory.load(file).get("boot1");
    } catch (RemoteException e) {
      throw new AssertionError("docs/remote.md's [boot1] does not load: " + e.getMessage(), e);
    }
    assertThat(boot1.role()).isEqualTo(Role.BOOTSTRAP);
    RolesTable.Row bootstrap = RolesTable.rows().stream().filter(r -> r.role().equals("bootstrap")).findFirst()
        .orElseThrow();
    assertThat(boot1.adminPort()).as("the example's admin port is where the bootstrap config listens")
        .isEqualTo(bootstrap.adminPort());
  }
}

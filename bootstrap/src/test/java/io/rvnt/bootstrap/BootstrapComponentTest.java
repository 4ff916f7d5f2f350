package io.rvnt.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.daemon.admin.Family;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BootstrapComponentTest {

  @Test
  void everyFamilyOfTheBootstrapNodeIsDocumentedInAdminMd() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "admin.md"));
    for (Family family : BootstrapComponent.SCHEMA.families()) {
      String name = "rvnt_bootstrap_" + family.name() + (family.kind() == Family.Kind.COUNTER ? "_total" : "");
      assertThat(doc).as("docs/admin.md documents %s", name).contains("| `" + name);
    }
  }

  @Test
  void theConsoleReadsTheRoutingTableUnderTheKeysItAlwaysDid() {
    assertThat(BootstrapComponent.SCHEMA.families()).extracting(Family::key)
        .as("console-ui DhtViewModel reads these snapshot keys").contains("routing_table_peers",
            "routing_table_bucket_");
  }
}

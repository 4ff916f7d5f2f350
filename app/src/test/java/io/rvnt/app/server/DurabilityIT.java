package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.server.store.RocksDbIdentityStore;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client saw acknowledged survives SIGKILL (spec §7.1, §7.2, §10); deletion takes all four families. */
class DurabilityIT {
  @TempDir Path dir;

  @Test
  void acknowledgedRegistrationAndPrekeyConsumptionSurviveKill9() throws Exception {
    Path config = ServerApi.config(dir);
    TestIdentity alice = TestIdentity.create("alice");
    ServerProcess server = ServerProcess.start(dir.resolve("data"), "--config", config.toString());
    try {
      ServerApi api = new ServerApi(server);
      assertThat(api.register(alice, 5).status()).isEqualTo(201);
      assertThat(api.bundle("alice").oneTimePreKey()).map(OneTimePreKey::id).contains(1);
      assertThat(api.bundle("alice").oneTimePreKey()).map(OneTimePreKey::id).contains(2);
      assertThat(server.kill()).as("SIGKILL").isEqualTo(137);

      server = server.restart();
      api = new ServerApi(server);
      assertThat(api.bundle("alice").oneTimePreKey()).as("consumed prekeys stay consumed after kill -9")
          .map(OneTimePreKey::id).contains(3);
      assertThat(api.count(alice)).isEqualTo(2);
      assertThat(api.register(TestIdentity.create("alice"), 1).status()).as("registration survived")
          .isEqualTo(409);
    } finally {
      server.close();
    }
  }

  @Test
  void deletionRemovesAllFourFamiliesAndSurvivesKill9() throws Exception {
    Path config = ServerApi.config(dir);
    Path data = dir.resolve("data");
    TestIdentity alice = TestIdentity.create("alice");
    TestIdentity bob = TestIdentity.create("bob");
    ServerProcess server = ServerProcess.start(data, "--config", config.toString());
    try {
      ServerApi api = new ServerApi(server);
      assertThat(api.register(alice, 4).status()).isEqualTo(201);
      assertThat(api.register(bob, 2).status()).isEqualTo(201);
      assertThat(api.delete(alice).status()).isEqualTo(200);
      server.kill();
    } finally {
      server.close();
    }
    try (RocksDbIdentityStore store = RocksDbIdentityStore.open(data)) {
      Map<String, byte[]> entries = store.entries();
      assertThat(entries.keySet()).as("nothing of alice in any family")
          .noneMatch(key -> key.endsWith(":alice") || key.contains(":alice:"));
      assertThat(entries.keySet()).as("bob untouched").contains("bundle:bob", "pow:bob", "meta:bob",
          "opk:bob:0000000001", "opk:bob:0000000002");
    }
    try (ServerProcess again = ServerProcess.start(data, "--config", config.toString())) {
      assertThat(new ServerApi(again).register(TestIdentity.create("alice"), 1).status())
          .as("the name is free again").isEqualTo(201);
    }
  }
}

package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec §7.2 end to end: 64 concurrent fetchers of one user against a real server process. */
class ConcurrencyIT {
  @TempDir Path dir;

  @Test
  void sixtyFourConcurrentFetchersNeverReceiveTheSameOneTimePrekey() throws Exception {
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--config",
        ServerApi.config(dir).toString())) {
      ServerApi api = new ServerApi(server);
      assertThat(api.register(TestIdentity.create("alice"), 48).status()).isEqualTo(201);
      ExecutorService pool = Executors.newFixedThreadPool(64);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PublicBundle>> fetches = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        fetches.add(pool.submit(() -> {
          start.await();
          return api.bundle("alice");
        }));
      }
      start.countDown();
      List<Integer> ids = new ArrayList<>();
      int without = 0;
      for (Future<PublicBundle> fetch : fetches) {
        PublicBundle bundle = fetch.get();
        if (bundle.oneTimePreKey().isPresent()) {
          ids.add(bundle.oneTimePreKey().get().id());
        } else {
          without++;
        }
      }
      pool.shutdown();
      Set<Integer> unique = new HashSet<>(ids);
      assertThat(unique).as("never the same prekey twice").hasSize(ids.size()).hasSize(48);
      assertThat(without).as("the rest got the bundle without one").isEqualTo(16);
      assertThat(api.bundle("alice").oneTimePreKey()).isEmpty();
    }
  }
}

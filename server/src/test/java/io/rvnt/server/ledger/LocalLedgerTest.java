package io.rvnt.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.server.store.InMemoryIdentityStore;
import io.rvnt.server.store.StoredPreKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalLedgerTest {
  final InMemoryIdentityStore store = new InMemoryIdentityStore();
  final LocalLedger ledger = new LocalLedger(store);

  @Test
  void neverHandsOutTheSameOneTimePrekeyTwice() throws Exception {
    int[] ids = new int[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    ledger.submit(StateRulesTest.register("alice", StateRulesTest.KEY_A, 10, ids)).join();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Integer> handedOut = new ConcurrentLinkedQueue<>();
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      results.add(pool.submit(() -> {
        start.await();
        Outcome.Bundle bundle = (Outcome.Bundle) ledger.submit(new Command.TakePreKey("alice")).join();
        bundle.oneTimePreKey().map(StoredPreKey::id).ifPresent(handedOut::add);
        return bundle.oneTimePreKey().isPresent();
      }));
    }
    start.countDown();
    int withKey = 0;
    for (Future<Boolean> result : results) {
      withKey += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    Set<Integer> unique = new HashSet<>(handedOut);
    assertThat(unique).as("no prekey handed out twice").hasSize(handedOut.size());
    assertThat(withKey).as("40 fetchers got one, 24 got none").isEqualTo(40);
    assertThat(store.oneTimePreKeyCount("alice")).isZero();
  }

  @Test
  void aSingleInstanceNeverLags() {
    assertThat(ledger.mayLag()).isFalse();
  }
}

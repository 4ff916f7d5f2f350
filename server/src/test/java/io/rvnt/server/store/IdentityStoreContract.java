package io.rvnt.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules every {@link IdentityStore} keeps, run against each implementation. */
abstract class IdentityStoreContract {
  IdentityStore store;

  abstract IdentityStore open() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static NewUser user(int... opkIds) {
    List<StoredPreKey> opks = new ArrayList<>();
    for (int id : opkIds) {
      opks.add(new StoredPreKey(id, key32(id)));
    }
    return new NewUser(new byte[] {1, 2, 3}, opks, new byte[32], new byte[] {9});
  }

  static byte[] key32(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  @Test
  void storesExactlyTheFourFamiliesOfTheSpec() {
    assertThat(store.register("alice", user(1, 2))).isTrue();
    assertThat(store.entries().keySet())
        .as("spec §10 keys, opk ids zero-padded to 10 digits")
        .containsExactlyInAnyOrder(
            "bundle:alice", "opk:alice:0000000001", "opk:alice:0000000002", "pow:alice", "meta:alice");
  }

  @Test
  void countsRegisteredUsers() {
    store.register("alice", user(1));
    store.register("bob", user());
    store.register("alice", user(2));
    assertThat(store.userCount()).isEqualTo(2);
    store.delete("alice");
    store.delete("alice");
    assertThat(store.userCount()).isEqualTo(1);
  }

  @Test
  void refusesATakenUsernameAndChangesNothing() {
    store.register("alice", user(1));
    Map<String, byte[]> before = store.entries();
    assertThat(store.register("alice", user(5, 6))).as("second registration of a name").isFalse();
    assertThat(store.entries()).as("store unchanged").usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void handsOutOneTimePreKeysLowestIdFirstAndEachOnce() {
    store.register("alice", user(30, 2, 0xFFFFFFFF, 10));
    List<Integer> taken = new ArrayList<>();
    Optional<StoredPreKey> next;
    while ((next = store.takeOneTimePreKey("alice")).isPresent()) {
      taken.add(next.get().id());
    }
    assertThat(taken).as("ascending unsigned ids").containsExactly(2, 10, 30, 0xFFFFFFFF);
    assertThat(store.oneTimePreKeyCount("alice")).isZero();
    assertThat(store.bundle("alice")).as("bundle stays when prekeys run out").isPresent();
  }

  @Test
  void returnsTheStoredKeyBytes() {
    store.register("alice", user(7));
    assertThat(store.takeOneTimePreKey("alice")).contains(new StoredPreKey(7, key32(7)));
  }

  @Test
  void keepsUsersApartEvenWhenOneNameIsAPrefixOfAnother() {
    store.register("bob", user(1));
    store.register("bob_two", user(2, 3));
    assertThat(store.oneTimePreKeyCount("bob")).isEqualTo(1);
    assertThat(store.oneTimePreKeyIds("bob_two")).containsExactly(2, 3);
    store.delete("bob");
    assertThat(store.oneTimePreKeyCount("bob_two")).as("deleting bob leaves bob_two").isEqualTo(2);
    assertThat(store.bundle("bob_two")).isPresent();
  }

  @Test
  void updateAddsPreKeysRotatesTheBundleAndReplacesMeta() {
    store.register("alice", user(1));
    assertThat(store.update("alice",
        new PreKeyUpdate(List.of(new StoredPreKey(5, key32(5))), Optional.of(new byte[] {7}), new byte[] {8})))
        .isTrue();
    assertThat(store.oneTimePreKeyIds("alice")).containsExactly(1, 5);
    assertThat(store.bundle("alice")).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
    assertThat(store.meta("alice")).hasValueSatisfying(b -> assertThat(b).containsExactly(8));
  }

  @Test
  void updateOfAnUnknownUserWritesNothing() {
    assertThat(store.update("ghost", new PreKeyUpdate(List.of(new StoredPreKey(5, key32(5))), Optional.empty(),
        new byte[] {8}))).isFalse();
    assertThat(store.entries()).isEmpty();
  }

  @Test
  void deleteRemovesAllFourFamiliesAndFreesTheName() {
    store.register("alice", user(1, 2, 3));
    assertThat(store.delete("alice")).isTrue();
    assertThat(store.entries()).as("nothing left of alice").isEmpty();
    assertThat(store.delete("alice")).as("second delete finds nothing").isFalse();
    assertThat(store.register("alice", user())).as("name free again").isTrue();
  }

  @Test
  void neverHandsOutTheSameOneTimePrekeyTwice() throws Exception {
    int[] ids = new int[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    store.register("alice", user(ids));
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Integer> handedOut = new ConcurrentLinkedQueue<>();
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      results.add(pool.submit(() -> {
        start.await();
        Optional<StoredPreKey> key = store.takeOneTimePreKey("alice");
        key.ifPresent(k -> handedOut.add(k.id()));
        return key.isPresent();
      }));
    }
    start.countDown();
    int withKey = 0;
    for (Future<Boolean> result : results) {
      withKey += result.get() ? 1 : 0;
    }
    pool.shutdown();
    Set<Integer> unique = new HashSet<>(handedOut);
    assertThat(unique).as("no prekey handed out twice").hasSize(handedOut.size());
    assertThat(withKey).as("40 fetchers got one, 24 got none").isEqualTo(40);
    assertThat(store.oneTimePreKeyCount("alice")).isZero();
  }
}

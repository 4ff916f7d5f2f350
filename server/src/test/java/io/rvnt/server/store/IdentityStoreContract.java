package io.rvnt.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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

  static ReplayEntry replay(int seed, long expiresAtMs) {
    byte[] digest = new byte[ReplayEntry.DIGEST_BYTES];
    digest[0] = (byte) seed;
    digest[15] = (byte) (seed >> 8);
    return new ReplayEntry(digest, expiresAtMs);
  }

  void register(String username, NewUser user) {
    store.write(new StoreBatch().putUser(username, user));
  }

  @Test
  void storesExactlyTheFourFamiliesOfTheSpec() {
    register("alice", user(1, 2));
    assertThat(store.entries().keySet())
        .as("spec §10 keys, opk ids zero-padded to 10 digits")
        .containsExactlyInAnyOrder(
            "bundle:alice", "opk:alice:0000000001", "opk:alice:0000000002", "pow:alice", "meta:alice");
  }

  @Test
  void countsRegisteredUsers() {
    register("alice", user(1));
    register("bob", user());
    assertThat(store.userCount()).isEqualTo(2);
    store.write(new StoreBatch().deleteUser("alice"));
    assertThat(store.userCount()).isEqualTo(1);
  }

  @Test
  void firstOneTimePrekeyIsTheLowestUnsignedIdAndStaysUntilDeleted() {
    register("alice", user(30, 2, 0xFFFFFFFF, 10));
    List<Integer> taken = new ArrayList<>();
    while (store.firstOneTimePreKey("alice").isPresent()) {
      StoredPreKey first = store.firstOneTimePreKey("alice").get();
      assertThat(store.firstOneTimePreKey("alice")).as("reading does not take").contains(first);
      taken.add(first.id());
      store.write(new StoreBatch().deleteOneTimePreKey("alice", first.id()));
    }
    assertThat(taken).as("ascending unsigned ids").containsExactly(2, 10, 30, 0xFFFFFFFF);
    assertThat(store.oneTimePreKeyCount("alice")).isZero();
    assertThat(store.bundle("alice")).as("bundle stays when prekeys run out").isPresent();
  }

  @Test
  void returnsTheStoredKeyBytes() {
    register("alice", user(7));
    assertThat(store.firstOneTimePreKey("alice")).contains(new StoredPreKey(7, key32(7)));
  }

  @Test
  void keepsUsersApartEvenWhenOneNameIsAPrefixOfAnother() {
    register("bob", user(1));
    register("bob_two", user(2, 3));
    assertThat(store.oneTimePreKeyCount("bob")).isEqualTo(1);
    assertThat(store.oneTimePreKeyIds("bob_two")).containsExactly(2, 3);
    store.write(new StoreBatch().deleteUser("bob"));
    assertThat(store.oneTimePreKeyCount("bob_two")).as("deleting bob leaves bob_two").isEqualTo(2);
    assertThat(store.bundle("bob_two")).isPresent();
  }

  @Test
  void addsPreKeysRotatesTheBundleAndReplacesMetaInOneWrite() {
    register("alice", user(1));
    store.write(new StoreBatch()
        .putOneTimePreKeys("alice", List.of(new StoredPreKey(5, key32(5))))
        .putBundle("alice", new byte[] {7})
        .putMeta("alice", new byte[] {8}));
    assertThat(store.oneTimePreKeyIds("alice")).containsExactly(1, 5);
    assertThat(store.bundle("alice")).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
    assertThat(store.meta("alice")).hasValueSatisfying(b -> assertThat(b).containsExactly(8));
  }

  @Test
  void deleteRemovesAllFourFamiliesAndFreesTheName() {
    register("alice", user(1, 2, 3));
    store.write(new StoreBatch().deleteUser("alice"));
    assertThat(store.entries()).as("nothing left of alice").isEmpty();
    assertThat(store.bundle("alice")).isEmpty();
  }

  @Test
  void remembersReplaysWithoutAnyUsername() {
    register("alice", user(1));
    store.write(new StoreBatch().putReplay(replay(1, 5_000)));
    assertThat(store.replayExpiry(replay(1, 0).digest())).isEqualTo(OptionalLong.of(5_000));
    assertThat(store.replayExpiry(replay(2, 0).digest())).isEmpty();
    assertThat(store.replayCount()).isEqualTo(1);
    assertThat(store.entries().keySet()).as("the replay memory holds digests and times, no name")
        .filteredOn(key -> key.startsWith("replay"))
        .hasSize(2)
        .noneMatch(key -> key.contains("alice"));
  }

  @Test
  void sweepsReplaysInTheOrderTheyExpire() {
    store.write(new StoreBatch().putReplay(replay(3, 3_000)).putReplay(replay(1, 1_000))
        .putReplay(replay(2, 2_000)));
    ReplaySweep sweep = store.replaySweep(2_000);
    assertThat(sweep.expired()).as("expired by 2 000 ms, eldest first")
        .containsExactly(replay(1, 1_000), replay(2, 2_000));
    assertThat(sweep.eldestLiveExpiry()).isEqualTo(OptionalLong.of(3_000));
    store.write(new StoreBatch().deleteReplay(replay(1, 1_000)).deleteReplay(replay(2, 2_000)));
    assertThat(store.replayCount()).isEqualTo(1);
    assertThat(store.replaySweep(10_000).expired()).containsExactly(replay(3, 3_000));
    assertThat(store.replaySweep(10_000).eldestLiveExpiry()).isEmpty();
  }

  @Test
  void recordsTheAppliedLogPositionWithTheChanges() {
    assertThat(store.applied()).as("none before the first entry").isEmpty();
    store.write(new StoreBatch().putUser("alice", user(1)).applied(new AppliedIndex(2, 17)));
    assertThat(store.applied()).contains(new AppliedIndex(2, 17));
    store.write(new StoreBatch().applied(new AppliedIndex(3, 18)));
    assertThat(store.applied()).contains(new AppliedIndex(3, 18));
    assertThat(store.userCount()).isEqualTo(1);
  }

  @Test
  void anEmptyBatchChangesNothing() {
    register("alice", user(1));
    Map<String, byte[]> before = store.entries();
    store.write(new StoreBatch());
    assertThat(store.entries()).usingRecursiveComparison().isEqualTo(before);
  }
}

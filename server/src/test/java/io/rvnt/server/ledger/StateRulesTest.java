package io.rvnt.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.StoredBundle;
import io.rvnt.protocol.wire.StoredMeta;
import io.rvnt.server.store.AppliedIndex;
import io.rvnt.server.store.InMemoryIdentityStore;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.StoredPreKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The decisions that need agreement (spec §5 step 6, §7.0 step 7, §7.1, §7.2), made from the command alone. */
class StateRulesTest {
  static final byte[] KEY_A = filled(1);
  static final byte[] KEY_B = filled(2);

  final InMemoryIdentityStore store = new InMemoryIdentityStore();
  final StateRules rules = new StateRules(store);

  static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  static Command.Register register(String username, byte[] identityKey, long atMs, int... opkIds) {
    List<StoredPreKey> opks = new ArrayList<>();
    for (int id : opkIds) {
      opks.add(new StoredPreKey(id, filled(id)));
    }
    byte[] bundle = StoredBundle.newBuilder().setIdentityKey(ByteString.copyFrom(identityKey)).build().toByteArray();
    byte[] meta = StoredMeta.newBuilder().setRegisteredAtMs(atMs).setLastPrekeyUpdateMs(atMs).build().toByteArray();
    return new Command.Register(username, new NewUser(bundle, opks, new byte[32], meta));
  }

  static Command.Owner owner(String username, byte[] identityKey, int digestSeed, long nowMs, int capacity) {
    byte[] digest = new byte[ReplayEntry.DIGEST_BYTES];
    digest[0] = (byte) digestSeed;
    digest[1] = (byte) (digestSeed >> 8);
    return new Command.Owner(username, identityKey,
        new Command.ReplayGuard(new ReplayEntry(digest, nowMs + 120_000), nowMs, capacity));
  }

  Outcome apply(Command command) {
    return rules.apply(command, Optional.empty());
  }

  static Map<String, String> hex(Map<String, byte[]> entries) {
    Map<String, String> copy = new TreeMap<>();
    entries.forEach((k, v) -> copy.put(k, HexFormat.of().formatHex(v)));
    return copy;
  }

  @Test
  void theSameCommandsInTheSameOrderGiveTheSameStoreAndTheSameAnswers() {
    List<Command> log = List.of(
        register("alice", KEY_A, 10, 1, 2, 3),
        register("alice", KEY_B, 11, 7),
        new Command.TakePreKey("alice"),
        new Command.Upload(owner("alice", KEY_A, 1, 20, 10), List.of(new StoredPreKey(9, filled(9))),
            Optional.empty(), Optional.empty(), 500),
        new Command.Count(owner("alice", KEY_A, 1, 21, 10)),
        new Command.TakePreKey("nobody"),
        new Command.Delete(owner("alice", KEY_A, 2, 22, 10)),
        register("alice", KEY_B, 30, 5));
    InMemoryIdentityStore other = new InMemoryIdentityStore();
    StateRules otherRules = new StateRules(other);
    List<String> answers = new ArrayList<>();
    List<String> otherAnswers = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      answers.add(rules.apply(log.get(i), Optional.of(new AppliedIndex(1, i + 1))).toString());
      otherAnswers.add(otherRules.apply(log.get(i), Optional.of(new AppliedIndex(1, i + 1))).toString());
    }
    assertThat(otherAnswers).as("every member answers the same").isEqualTo(answers);
    assertThat(hex(other.entries())).as("every member stores the same").isEqualTo(hex(store.entries()));
    assertThat(store.applied()).contains(new AppliedIndex(1, log.size()));
  }

  @Test
  void refusesATakenUsernameAndChangesNothing() {
    apply(register("alice", KEY_A, 10, 1));
    Map<String, String> before = hex(store.entries());
    Outcome outcome = apply(register("alice", KEY_B, 11, 5, 6));
    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThat(hex(store.entries())).as("store unchanged").isEqualTo(before);
  }

  @Test
  void takesTheLowestOneTimePrekeyThenNone() {
    apply(register("alice", KEY_A, 10, 30, 2));
    assertThat(((Outcome.Bundle) apply(new Command.TakePreKey("alice"))).oneTimePreKey())
        .map(StoredPreKey::id).contains(2);
    assertThat(((Outcome.Bundle) apply(new Command.TakePreKey("alice"))).oneTimePreKey())
        .map(StoredPreKey::id).contains(30);
    assertThat(((Outcome.Bundle) apply(new Command.TakePreKey("alice"))).oneTimePreKey())
        .as("none left: the last-resort bundle").isEmpty();
  }

  @Test
  void refusesASignedCommandWhoseNameChangedHandsSinceItWasAuthenticated() {
    apply(register("alice", KEY_B, 10, 1));
    Outcome outcome = apply(new Command.Delete(owner("alice", KEY_A, 1, 20, 10)));
    assertThat(((Outcome.Refused) outcome).code()).isEqualTo(ErrorCode.UNKNOWN_USER);
    assertThat(store.bundle("alice")).as("the new owner's account is intact").isPresent();
  }

  @Test
  void rejectsReplayedSignedRequestUntilItsTimeIsUp() {
    apply(register("alice", KEY_A, 10, 1));
    assertThat(apply(new Command.Count(owner("alice", KEY_A, 7, 1_000, 10)))).isInstanceOf(Outcome.Count.class);
    Outcome replayed = apply(new Command.Count(owner("alice", KEY_A, 7, 2_000, 10)));
    assertThat(((Outcome.Refused) replayed).code()).isEqualTo(ErrorCode.REPLAYED_REQUEST);
    assertThat(apply(new Command.Count(owner("alice", KEY_A, 7, 121_000, 10))))
        .as("remembered for twice the window, then forgotten").isInstanceOf(Outcome.Count.class);
    assertThat(store.replayCount()).as("swept and remembered again: one entry").isEqualTo(1);
  }

  @Test
  void replayMemoryFailsClosedWhenFullOfLiveEntries() {
    apply(register("alice", KEY_A, 10, 1));
    apply(new Command.Count(owner("alice", KEY_A, 1, 1_000, 2)));
    apply(new Command.Count(owner("alice", KEY_A, 2, 2_000, 2)));
    Outcome full = apply(new Command.Count(owner("alice", KEY_A, 3, 3_000, 2)));
    assertThat(((Outcome.Refused) full).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(((Outcome.Refused) full).retryAfterSeconds()).as("until the eldest expires, rounded up")
        .isEqualTo(118);
    assertThat(apply(new Command.Count(owner("alice", KEY_A, 3, 121_000, 2))))
        .as("room again once entries expire").isInstanceOf(Outcome.Count.class);
  }

  @Test
  void checksTheStoredCountBeforeTheStoredIdsAndStoresNothingOfARefusedUpload() {
    apply(register("alice", KEY_A, 10, 1, 2, 3));
    Outcome tooMany = apply(new Command.Upload(owner("alice", KEY_A, 1, 20, 10),
        List.of(new StoredPreKey(3, filled(3))), Optional.empty(), Optional.empty(), 3));
    assertThat(((Outcome.Refused) tooMany).code()).isEqualTo(ErrorCode.TOO_MANY_PREKEYS);
    Outcome duplicate = apply(new Command.Upload(owner("alice", KEY_A, 2, 21, 10),
        List.of(new StoredPreKey(3, filled(3))), Optional.empty(), Optional.empty(), 500));
    assertThat(((Outcome.Refused) duplicate).code()).isEqualTo(ErrorCode.DUPLICATE_PREKEY_ID);
    assertThat(store.oneTimePreKeyIds("alice")).containsExactly(1, 2, 3);
  }

  @Test
  void recordsTheLogPositionEvenOfARefusal() {
    apply(register("alice", KEY_A, 10, 1));
    rules.apply(register("alice", KEY_B, 11), Optional.of(new AppliedIndex(3, 9)));
    assertThat(store.applied()).contains(new AppliedIndex(3, 9));
  }
}

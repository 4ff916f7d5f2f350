package io.rvnt.relay.core;

import static io.rvnt.relay.core.Harness.blob;
import static io.rvnt.relay.core.Harness.id;
import static io.rvnt.relay.core.Harness.seed;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rules of spec §5 and §6 over the memory store, one rule per test. */
class RelayRulesTest {

  static final RelayLimits LIMITS = RelayLimits.DEFAULTS.toBuilder().createPowBits(8).build();

  private Harness h = new Harness(new MemoryRelayStore(), LIMITS);

  @AfterEach
  void close() {
    h.close();
  }

  /** A mailbox with one deposit id registered for today. */
  private record Box(byte[] seed, byte[] depositId) {}

  private Box box() {
    Box b = new Box(seed(), id());
    assertThat(h.create(b.seed).status()).as("create").isEqualTo(RelayStatus.OK);
    assertThat(h.register(b.seed, h.today(), List.of(b.depositId)).status()).as("register")
        .isEqualTo(RelayStatus.OK);
    return b;
  }

  @Test
  void aDepositIsCollectedThenGoneOnceAcknowledged() {
    Box b = box();
    byte[] blob = blob("hello");
    assertThat(h.deposit(b.depositId, blob).status()).isEqualTo(RelayStatus.OK);

    RelayResponse first = h.collect(b.seed, List.of(), 10);
    assertThat(first.envelopes()).hasSize(1);
    CollectedEnvelope e = first.envelopes().get(0);
    assertThat(e.id()).as("the envelope id is the hash of the blob (spec §4.3)").isEqualTo(RelayIds.envelopeId(blob));
    assertThat(e.day()).as("the receipt day").isEqualTo(h.today());
    assertThat(e.blob()).isEqualTo(blob);
    assertThat(h.collect(b.seed, List.of(), 10).envelopes()).as("not acknowledged: still there").hasSize(1);

    assertThat(h.collect(b.seed, List.of(e.id()), 10).envelopes()).as("acknowledged: gone").isEmpty();
    assertThat(h.stored().keySet()).as("no envelope and no counters are left")
        .noneMatch(k -> k.startsWith("65") || k.startsWith("63"));
    assertThat(h.counters.snapshot().envelopesHeld()).isZero();
  }

  @Test
  void aCollectReturnsAtMostWhatWasAskedAndSaysMoreIsWaiting() {
    Box b = box();
    for (int i = 0; i < 5; i++) {
      h.deposit(b.depositId, blob("m" + i));
    }
    RelayResponse r = h.collect(b.seed, List.of(), 3);
    assertThat(r.envelopes()).hasSize(3);
    assertThat(r.more()).isTrue();
    List<byte[]> ids = r.envelopes().stream().map(CollectedEnvelope::id).toList();
    RelayResponse rest = h.collect(b.seed, ids, 10);
    assertThat(rest.envelopes()).hasSize(2);
    assertThat(rest.more()).isFalse();
  }

  @Test
  void theSameBlobDepositedTwiceInADayIsStoredOnce() {
    Box b = box();
    byte[] blob = blob("retry");
    assertThat(h.deposit(b.depositId, blob).status()).isEqualTo(RelayStatus.OK);
    assertThat(h.deposit(b.depositId, blob).status()).as("a sender's retry is acknowledged")
        .isEqualTo(RelayStatus.OK);
    assertThat(h.collect(b.seed, List.of(), 10).envelopes()).hasSize(1);
    assertThat(h.counters.snapshot().duplicateDeposits()).isEqualTo(1);
  }

  @Test
  void aDepositToAnUnregisteredIdIsRefusedAndStoresNothing() {
    box();
    Map<String, String> before = h.stored();
    assertThat(h.deposit(id(), blob("x")).status()).isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);
    assertThat(h.stored()).as("nothing else changes").isEqualTo(before);
  }

  @Test
  void aDepositIdIsAcceptedFromTheDayBeforeItsDayToTheDayAfter() {
    byte[] seed = seed();
    h.create(seed);
    byte[] tomorrow = id();
    byte[] inThreeDays = id();
    h.register(seed, h.today() + 1, List.of(tomorrow));
    h.register(seed, h.today() + 3, List.of(inThreeDays));
    assertThat(h.deposit(tomorrow, blob("a")).status()).as("tomorrow's id, a clock a little ahead")
        .isEqualTo(RelayStatus.OK);
    assertThat(h.deposit(inThreeDays, blob("b")).status()).as("an id three days ahead")
        .isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);
    h.clock.advance(Duration.ofDays(2));
    assertThat(h.deposit(tomorrow, blob("c")).status()).as("yesterday's id").isEqualTo(RelayStatus.OK);
    h.clock.advance(Duration.ofDays(1));
    assertThat(h.deposit(tomorrow, blob("d")).status()).as("an id two days old")
        .isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);
  }

  @Test
  void aRegistrationReplacesTheDaysEarlierList() {
    byte[] seed = seed();
    h.create(seed);
    byte[] revoked = id();
    byte[] kept = id();
    h.register(seed, h.today(), List.of(revoked, kept));
    assertThat(h.register(seed, h.today(), List.of(kept)).status()).isEqualTo(RelayStatus.OK);
    assertThat(h.deposit(revoked, blob("a")).status()).as("a contact left out of the new list")
        .isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);
    assertThat(h.deposit(kept, blob("b")).status()).isEqualTo(RelayStatus.OK);
  }

  @Test
  void registrationsAreRefusedOutsideTheirWindowForUnknownMailboxesAndForIdsOfOthers() {
    Box b = box();
    byte[] other = seed();
    h.create(other);
    Map<String, String> before = h.stored();
    assertThat(h.register(b.seed, h.today() - 2, List.of(id())).status()).isEqualTo(RelayStatus.BAD_DAY);
    assertThat(h.register(b.seed, h.today() + LIMITS.registerDaysAhead() + 1, List.of(id())).status())
        .isEqualTo(RelayStatus.BAD_DAY);
    assertThat(h.register(seed(), h.today(), List.of(id())).status()).isEqualTo(RelayStatus.UNKNOWN_MAILBOX);
    assertThat(h.register(other, h.today(), List.of(id(), b.depositId)).status())
        .isEqualTo(RelayStatus.DEPOSIT_ID_TAKEN);
    byte[] twice = id();
    assertThat(h.register(b.seed, h.today(), List.of(twice, twice)).status()).isEqualTo(RelayStatus.MALFORMED);
    assertThat(h.stored()).as("nothing else changes").isEqualTo(before);
  }

  @Test
  void theEnvelopeQuotaOfAMailboxIsEnforced() {
    h.close();
    h = new Harness(new MemoryRelayStore(), LIMITS.toBuilder().maxEnvelopesPerMailbox(3).build());
    Box b = box();
    for (int i = 0; i < 3; i++) {
      assertThat(h.deposit(b.depositId, blob("m" + i)).status()).isEqualTo(RelayStatus.OK);
    }
    Map<String, String> before = h.stored();
    assertThat(h.deposit(b.depositId, blob("one too many")).status()).isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    assertThat(h.stored()).as("nothing else changes").isEqualTo(before);
    RelayResponse got = h.collect(b.seed, List.of(), 10);
    h.collect(b.seed, List.of(got.envelopes().get(0).id()), 0);
    assertThat(h.deposit(b.depositId, blob("room again")).status()).as("an acknowledgement frees room")
        .isEqualTo(RelayStatus.OK);
  }

  @Test
  void theByteQuotaOfAMailboxIsEnforced() {
    h.close();
    h = new Harness(new MemoryRelayStore(), LIMITS.toBuilder().maxBytesPerMailbox(2 * 65_536).build());
    Box b = box();
    assertThat(h.deposit(b.depositId, Padding.pad(new byte[60_000])).status()).isEqualTo(RelayStatus.OK);
    assertThat(h.deposit(b.depositId, Padding.pad(new byte[60_001])).status()).isEqualTo(RelayStatus.OK);
    Map<String, String> before = h.stored();
    assertThat(h.deposit(b.depositId, blob("1 KiB more")).status()).isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    assertThat(h.stored()).isEqualTo(before);
  }

  @Test
  void atTheDiskWatermarkWritesThatAddDataAreRefused() {
    Box b = box();
    h.freeDisk.set(LIMITS.minFreeDiskBytes() - 1);
    Map<String, String> before = h.stored();
    assertThat(h.deposit(b.depositId, blob("x")).status()).isEqualTo(RelayStatus.STORAGE_FULL);
    assertThat(h.create(seed()).status()).isEqualTo(RelayStatus.STORAGE_FULL);
    assertThat(h.register(b.seed, h.today(), List.of(id())).status()).isEqualTo(RelayStatus.STORAGE_FULL);
    assertThat(h.stored()).as("nothing else changes").isEqualTo(before);
    assertThat(h.collect(b.seed, List.of(), 10).status()).as("collecting frees room, so it goes on")
        .isEqualTo(RelayStatus.OK);
  }

  @Test
  void blobsOfOtherSizesThanThePaddedOnesAreRefused() {
    Box b = box();
    Map<String, String> before = h.stored();
    assertThat(h.deposit(b.depositId, new byte[1000]).status()).isEqualTo(RelayStatus.BAD_PADDING);
    assertThat(h.deposit(b.depositId, new byte[0]).status()).isEqualTo(RelayStatus.BAD_PADDING);
    assertThat(h.deposit(b.depositId, new byte[65_537]).status()).isEqualTo(RelayStatus.TOO_LARGE);
    assertThat(h.stored()).isEqualTo(before);
  }

  @Test
  void anEnvelopeOfSevenDaysAndAMinuteIsNeitherReturnedNorKept() {
    Box b = box();
    h.deposit(b.depositId, blob("old"));
    h.clock.advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(h.collect(b.seed, List.of(), 10).envelopes()).as("checked on read, before any purge").isEmpty();
    assertThat(h.stored().keySet()).as("still on disk until the purge").anyMatch(k -> k.startsWith("65"));
    assertThat(h.relay.purge().join()).isEqualTo(1);
    assertThat(h.stored().keySet()).as("purged with its counters").noneMatch(k -> k.startsWith("65")
        || k.startsWith("63"));
    assertThat(h.counters.snapshot().expired()).isEqualTo(1);
    assertThat(h.counters.snapshot().envelopesHeld()).isZero();
  }

  @Test
  void anEnvelopeIsReturnedUntilTheEndOfItsSeventhDayCountingTheReceiptDay() {
    Box b = box();
    h.clock.set(Days.start(h.today()));
    h.deposit(b.depositId, blob("first minute of the day"));
    h.clock.advance(Duration.ofDays(7).minusMinutes(1));
    h.relay.purge().join();
    assertThat(h.collect(b.seed, List.of(), 10).envelopes()).as("6 days 23 h 59 min after receipt").hasSize(1);
    h.clock.advance(Duration.ofMinutes(1));
    assertThat(h.collect(b.seed, List.of(), 10).envelopes()).as("7 days after receipt").isEmpty();
  }

  @Test
  void registrationsOfDaysThatTakeNoDepositsArePurged() {
    Box b = box();
    h.clock.advance(Duration.ofDays(2));
    h.relay.purge().join();
    assertThat(h.stored().keySet()).as("the deposit id and its day's list are gone")
        .noneMatch(k -> k.startsWith("64") || k.startsWith("73"));
    assertThat(h.stored().keySet()).as("the mailbox stays").anyMatch(k -> k.startsWith("6d"));
  }

  @Test
  void collectingAMailboxThatDoesNotExistAnswersExactlyLikeAnEmptyOne() {
    byte[] empty = seed();
    h.create(empty);
    RelayResponse existing = h.collect(empty, List.of(id()), 10);
    RelayResponse missing = h.collect(seed(), List.of(id()), 10);
    assertThat(missing).as("same status, envelopes and more").usingRecursiveComparison().isEqualTo(existing);
  }

  @Test
  void aSignedRequestAnswersTheLatestChallengeWithinItsLifetime() {
    byte[] seed = seed();
    h.create(seed);
    Map<String, String> before = h.stored();
    Challenge challenge = h.relay.newChallenge();
    byte[] payload = OwnerSignature.collectPayload(10, List.of());
    OwnerProof proof = OwnerSignature.sign(OwnerSignature.Op.COLLECT, Harness.RELAY_ID, challenge.bytes(), seed,
        payload);
    RelayRequest collect = new RelayRequest.CollectRequest(proof, List.of(), 10);
    assertThat(h.call(collect, null).status()).as("no challenge sent yet").isEqualTo(RelayStatus.BAD_CHALLENGE);
    assertThat(h.call(collect, h.relay.newChallenge()).status()).as("another challenge")
        .isEqualTo(RelayStatus.BAD_CHALLENGE);
    h.clock.advance(LIMITS.challengeTtl().plusSeconds(1));
    assertThat(h.call(collect, challenge).status()).as("too old").isEqualTo(RelayStatus.STALE_CHALLENGE);
    assertThat(h.stored()).isEqualTo(before);
  }

  @Test
  void badKeysAndBadSignaturesAreRefused() {
    byte[] seed = seed();
    h.create(seed);
    Challenge c = h.relay.newChallenge();
    OwnerProof good = OwnerSignature.sign(OwnerSignature.Op.DELETE, Harness.RELAY_ID, c.bytes(), seed, new byte[0]);
    byte[] flipped = good.signature();
    flipped[10] ^= 1;
    assertThat(h.call(new RelayRequest.DeleteMailboxRequest(new OwnerProof(good.publicKey(), c.bytes(), flipped)), c)
        .status()).isEqualTo(RelayStatus.BAD_SIGNATURE);
    assertThat(h.call(new RelayRequest.DeleteMailboxRequest(new OwnerProof(good.publicKey(), c.bytes(),
        new byte[63])), c).status()).as("a signature of the wrong length").isEqualTo(RelayStatus.BAD_SIGNATURE);
    OwnerProof otherOp = OwnerSignature.sign(OwnerSignature.Op.COLLECT, Harness.RELAY_ID, c.bytes(), seed,
        new byte[0]);
    assertThat(h.call(new RelayRequest.DeleteMailboxRequest(otherOp), c).status())
        .as("a signature made for another request").isEqualTo(RelayStatus.BAD_SIGNATURE);
    byte[] smallOrder = new byte[32];
    smallOrder[0] = 1;
    assertThat(h.call(new RelayRequest.DeleteMailboxRequest(new OwnerProof(smallOrder, c.bytes(),
        good.signature())), c).status()).as("the neutral point is no key").isEqualTo(RelayStatus.BAD_KEY);
    assertThat(h.stored().keySet()).as("the mailbox is still there").anyMatch(k -> k.startsWith("6d"));
  }

  @Test
  void aCreationWithoutEnoughWorkIsRefused() {
    byte[] seed = seed();
    byte[] publicKey = io.rvnt.protocol.crypto.Ed25519.publicKey(seed);
    byte[] challenge = RelayIds.createPowChallenge(Harness.RELAY_ID, publicKey);
    long bad = 0;
    while (io.rvnt.protocol.pow.ProofOfWork.meets(io.rvnt.protocol.pow.ProofOfWork.hash(challenge, bad), 8)) {
      bad++;
    }
    long nonce = bad;
    RelayResponse r = h.signed(OwnerSignature.Op.CREATE, seed, new byte[0],
        owner -> new RelayRequest.CreateMailboxRequest(owner, nonce));
    assertThat(r.status()).isEqualTo(RelayStatus.POW_INSUFFICIENT);
    assertThat(h.stored()).isEmpty();
  }

  @Test
  void creatingAMailboxTwiceIsHarmless() {
    byte[] seed = seed();
    assertThat(h.create(seed).status()).isEqualTo(RelayStatus.OK);
    Map<String, String> before = h.stored();
    assertThat(h.create(seed).status()).isEqualTo(RelayStatus.OK);
    assertThat(h.stored()).isEqualTo(before);
    assertThat(h.counters.snapshot().mailboxes()).isEqualTo(1);
  }

  @Test
  void deletingAMailboxRemovesItsEnvelopesAndRegistrationsAndNothingElse() {
    Box keep = box();
    h.deposit(keep.depositId, blob("keep"));
    Map<String, String> before = h.stored();
    Box gone = box();
    h.register(gone.seed, h.today() + 2, List.of(id(), id()));
    for (int i = 0; i < 4; i++) {
      h.deposit(gone.depositId, blob("gone " + i));
    }
    assertThat(h.delete(gone.seed).status()).isEqualTo(RelayStatus.OK);
    assertThat(h.stored()).as("exactly the other mailbox is left").isEqualTo(before);
    assertThat(h.deposit(gone.depositId, blob("late")).status()).isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);
    assertThat(h.counters.snapshot().envelopesHeld()).isEqualTo(1);
    assertThat(h.counters.snapshot().mailboxes()).isEqualTo(1);
  }

  @Test
  void tooManyAcknowledgementsInOneCollectAreRefused() {
    byte[] seed = seed();
    h.create(seed);
    List<byte[]> acks = new ArrayList<>();
    for (int i = 0; i <= LIMITS.maxCollectEnvelopes(); i++) {
      acks.add(id());
    }
    assertThat(h.collect(seed, acks, 1).status()).isEqualTo(RelayStatus.TOO_MANY_IDS);
  }
}

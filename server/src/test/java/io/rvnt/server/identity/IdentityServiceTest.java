package io.rvnt.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Ledger;
import io.rvnt.server.ledger.LocalLedger;
import io.rvnt.server.ledger.Outcome;
import io.rvnt.server.pow.AdaptivePow;
import io.rvnt.server.pow.EffortController;
import io.rvnt.server.pow.PowConfig;
import io.rvnt.server.pow.SeedSchedule;
import io.rvnt.server.store.InMemoryIdentityStore;
import io.rvnt.testsupport.MutableClock;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import io.rvnt.protocol.pow.PowTarget;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdentityServiceTest {
  static final int REGISTER_BITS = 6;
  static final int WRITE_BITS = 4;

  final MutableClock clock = MutableClock.atFixedInstant();
  final InMemoryIdentityStore store = new InMemoryIdentityStore();
  final AtomicLong freeDisk = new AtomicLong(1L << 40);
  IdentityService service = service(1_000);
  final TestIdentity alice = TestIdentity.create("alice");

  final Calls call = new Calls();

  IdentityService service(int replayCapacity) {
    return service(new LocalLedger(store), 500, replayCapacity);
  }

  IdentityService service(Ledger ledger, int maxStoredPrekeys, int replayCapacity) {
    return new IdentityService(store, ledger, clock,
        new IdentityLimits(REGISTER_BITS, WRITE_BITS, Duration.ofSeconds(60), 100, maxStoredPrekeys, 1L << 20),
        freeDisk::get, replayCapacity, pow(clock));
  }

  /** Test seeds (TestPow.KEY), and efforts that rise by one floor per overloaded second. */
  static AdaptivePow pow(java.time.Clock clock) {
    PowConfig config = new PowConfig(Optional.empty(), PowConfig.DEFAULT_SEED_PERIOD, 16, Duration.ofSeconds(30),
        UPDATE_PERIOD, 1L << REGISTER_BITS, 0.5, 1L << 20);
    return new AdaptivePow(new SeedSchedule(TestPow.KEY, PowConfig.DEFAULT_SEED_PERIOD, clock),
        new EffortController(1L << REGISTER_BITS, config, clock), REGISTER_BITS, WRITE_BITS);
  }

  static final Duration UPDATE_PERIOD = Duration.ofSeconds(1);

  /** What the service publishes now for a registration, at the floor. */
  PowTarget regPow() {
    return TestPow.at(clock.millis(), REGISTER_BITS);
  }

  /** The service's calls, waited for: a refusal is thrown as the {@link IdentityException} it completed with. */
  final class Calls {
    Registered register(byte[] body, String pow) throws IdentityException {
      return await(service.register(body, pow));
    }

    PublicBundle fetchBundle(String username) throws IdentityException {
      return await(service.fetchBundle(username));
    }

    int uploadPreKeys(SignedRequest request) throws IdentityException {
      return await(service.uploadPreKeys(request));
    }

    int preKeyCount(SignedRequest request) throws IdentityException {
      return await(service.preKeyCount(request));
    }

    void delete(SignedRequest request) throws IdentityException {
      await(service.delete(request));
    }
  }

  static <T> T await(CompletableFuture<T> future) throws IdentityException {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IdentityException refused) {
        throw refused;
      }
      throw e;
    }
  }

  Registered register(TestIdentity user, int opks) throws IdentityException {
    return call.register(user.registrationBody(opks), user.registerPow(regPow()));
  }

  /** A signed request with a write proof of work at the floor {@code 2^powBits}, or none for -1. */
  SignedRequest signed(TestIdentity user, String method, String path, byte[] body, int powBits) {
    Map<String, String> h = user.signedHeaders(method, path, clock.millis(), body,
        powBits < 0 ? null : TestPow.at(clock.millis(), powBits));
    return new SignedRequest(method, path, h.get(Headers.USERNAME), h.get(Headers.TIMESTAMP),
        h.get(Headers.SIGNATURE), h.get(Headers.POW), body);
  }

  SignedRequest upload(TestIdentity user, PreKeyUpload upload) {
    return signed(user, "PUT", "/v1/prekeys", WireCodec.encodeUpload(upload), WRITE_BITS);
  }

  static PreKeyUpload opksOnly(List<OneTimePreKey> keys) {
    return new PreKeyUpload(keys, Optional.empty(), Optional.empty());
  }

  /**
   * The users' four families (spec §10). The replay memory is left out: a signed request refused after it was
   * authenticated is remembered too (spec §5 step 6), as it must be.
   */
  Map<String, String> snapshot() {
    Map<String, String> copy = new TreeMap<>();
    store.entries().forEach((k, v) -> {
      if (!k.startsWith("replay")) {
        copy.put(k, HexFormat.of().formatHex(v));
      }
    });
    return copy;
  }

  /** The rule of every bad input: refused with its code, nothing stored changes. */
  IdentityException refused(ErrorCode code, Action action) {
    Map<String, String> before = snapshot();
    IdentityException e = catchThrowableOfType(IdentityException.class, action::run);
    assertThat(e).as("refused with %s", code).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(snapshot()).as("store unchanged after %s", code).isEqualTo(before);
    return e;
  }

  interface Action {
    void run() throws Exception;
  }

  // Registration, spec §7.1

  @Test
  void registersAndStoresTheFourFamilies() throws Exception {
    Registered registered = register(alice, 3);
    assertThat(registered.oneTimePreKeyCount()).isEqualTo(3);
    assertThat(registered.registeredAtMs()).isEqualTo(clock.millis());
    assertThat(store.entries().keySet()).containsExactlyInAnyOrder("bundle:alice", "opk:alice:0000000001",
        "opk:alice:0000000002", "opk:alice:0000000003", "pow:alice", "meta:alice");
    byte[] pow = store.entries().get("pow:alice");
    assertThat(ProofOfWork.meets(pow, REGISTER_BITS)).as("stored pow_hash is the proof").isTrue();
  }

  @Test
  void refusesATakenUsername() throws Exception {
    register(alice, 1);
    TestIdentity other = TestIdentity.create("alice");
    refused(ErrorCode.USERNAME_TAKEN, () -> register(other, 1));
  }

  @Test
  void refusesRegistrationWithoutProofOfWork() {
    IdentityException e = refused(ErrorCode.POW_MISSING, () -> call.register(alice.registrationBody(1), null));
    assertThat(e.requiredPowBits()).isEqualTo(REGISTER_BITS);
    assertThat(e.powTarget()).as("spec §6.1: the refusal names what to solve for now").hasValue(regPow());
  }

  @Test
  void refusesAMalformedProofOfWorkHeader() {
    String good = alice.registerPow(regPow());
    for (String bad : new String[] {"00000000000000ZZ", good.toUpperCase(java.util.Locale.ROOT), good + ":",
        good.replaceFirst(":64:", ":064:"), good.substring(1)}) {
      refused(ErrorCode.POW_MISSING, () -> call.register(alice.registrationBody(1), bad));
    }
  }

  @Test
  void refusesAVersionOneProofOfWork() {
    // A bare nonce, as version 1 sent it: it names no seed, so it could have been computed in advance (spec §6.7).
    IdentityException e = refused(ErrorCode.POW_MISSING,
        () -> call.register(alice.registrationBody(1), ProofOfWork.formatNonce(0)));
    assertThat(e.getMessage()).contains("SEED:EFFORT:NONCE");
  }

  @Test
  void refusesAProofOnAStaleSeed() {
    PowTarget stale = TestPow.at(clock.millis() - 3 * TestPow.SEED_PERIOD_MS, REGISTER_BITS);
    IdentityException e = refused(ErrorCode.POW_SEED_EXPIRED,
        () -> call.register(alice.registrationBody(1), alice.registerPow(stale)));
    assertThat(e.getMessage()).contains("expired");
    assertThat(e.powTarget()).as("the refusal hands out the current seed").hasValue(regPow());
  }

  @Test
  void acceptsAProofOnThePreviousSeedAsGrace() throws Exception {
    PowTarget previous = TestPow.at(clock.millis() - TestPow.SEED_PERIOD_MS, REGISTER_BITS);
    assertThat(call.register(alice.registrationBody(1), alice.registerPow(previous)).oneTimePreKeyCount())
        .as("spec §6.4: the previous epoch's seed is still accepted").isEqualTo(1);
  }

  @Test
  void refusesAProofOnASeedThisServiceNeverIssued() {
    PowTarget unknown = new PowTarget(HexFormat.of().parseHex("17".repeat(32)), 1L << REGISTER_BITS);
    IdentityException e = refused(ErrorCode.POW_SEED_EXPIRED,
        () -> call.register(alice.registrationBody(1), alice.registerPow(unknown)));
    assertThat(e.getMessage()).contains("not one this service issued");
  }

  @Test
  void refusesAnEffortBelowTheSuggestedOne() throws Exception {
    // Two overloaded periods: suggested 3 floors, accepted the previous period's 2 floors (spec §6.5).
    for (int i = 0; i < 2; i++) {
      service.pow().controller().overloaded();
      clock.advance(UPDATE_PERIOD);
    }
    long floor = 1L << REGISTER_BITS;
    IdentityException e = refused(ErrorCode.POW_INSUFFICIENT,
        () -> call.register(alice.registrationBody(1), alice.registerPow(regPow())));
    assertThat(e.powTarget().orElseThrow().effort()).as("the refusal names the suggested effort")
        .isEqualTo(3 * floor);
    PowTarget previousSuggestion = new PowTarget(regPow().seed(), 2 * floor);
    assertThat(call.register(alice.registrationBody(1), alice.registerPow(previousSuggestion)).oneTimePreKeyCount())
        .as("the previous period's suggestion is still accepted").isEqualTo(1);
  }

  @Test
  void refusesRegistrationWithInsufficientProofOfWork() {
    PowTarget target = regPow();
    String weak = TestIdentity.failingProof(target,
        ProofOfWork.registerChallenge(target, "alice", alice.identityKey()));
    IdentityException e =
        refused(ErrorCode.POW_INSUFFICIENT, () -> call.register(alice.registrationBody(1), weak));
    assertThat(e.requiredPowBits()).isEqualTo(REGISTER_BITS);
  }

  @Test
  void ordersRequestsByTheEffortTheirProofCarries() {
    long floor = 1L << REGISTER_BITS;
    PowTarget triple = new PowTarget(regPow().seed(), 3 * floor);
    assertThat(service.registerPriority(alice.registrationBody(1), alice.registerPow(triple)))
        .as("spec §6.6: effort in floors").isEqualTo(3.0);
    assertThat(service.registerPriority(alice.registrationBody(1), alice.registerPow(regPow()))).isEqualTo(1.0);
    String weak = TestIdentity.failingProof(triple, ProofOfWork.registerChallenge(triple, "alice", alice.identityKey()));
    assertThat(service.registerPriority(alice.registrationBody(1), weak))
        .as("a claimed effort the work does not carry goes last").isZero();
    assertThat(service.registerPriority(new byte[] {1, 2}, alice.registerPow(triple))).isZero();
  }

  @Test
  void refusesProofOfWorkDoneForAnotherUsername() {
    TestIdentity bob = TestIdentity.create("bob");
    refused(ErrorCode.POW_INSUFFICIENT,
        () -> call.register(alice.registrationBody(1), bob.registerPowNotValidFor(alice, regPow())));
  }

  @Test
  void refusesRegistrationWhenDiskIsShort() {
    freeDisk.set(1000);
    refused(ErrorCode.INSUFFICIENT_STORAGE, () -> register(alice, 1));
  }

  @Test
  void refusesMalformedRegistration() {
    refused(ErrorCode.MALFORMED_REQUEST, () -> call.register(new byte[] {(byte) 0xff, 0x01, 0x02}, null));
  }

  @Test
  void refusesInvalidUsernames() {
    for (String name : new String[] {"Alice", "al", "1alice", "alice-b", "a".repeat(33), ""}) {
      TestIdentity user = TestIdentity.create(name);
      refused(ErrorCode.INVALID_USERNAME,
          () -> call.register(user.registrationBody(0), user.registerPow(regPow())));
    }
  }

  @Test
  void refusesWrongKeyLengths() {
    Registration good = alice.registration(1);
    Registration shortIdentity = new Registration("alice", new byte[31], good.signedPreKey(), good.pqPreKey(),
        good.oneTimePreKeys());
    refused(ErrorCode.INVALID_KEY, () -> call.register(WireCodec.encodeRegistration(shortIdentity), null));
    Registration shortOpk = new Registration("alice", good.identityKey(), good.signedPreKey(), good.pqPreKey(),
        List.of(new OneTimePreKey(1, new byte[33])));
    refused(ErrorCode.INVALID_KEY, () -> call.register(WireCodec.encodeRegistration(shortOpk),
        alice.registerPow(regPow())));
  }

  @Test
  void refusesBadKeySignatures() {
    Registration good = alice.registration(1);
    byte[] signature = good.signedPreKey().signature();
    signature[0] ^= 1;
    Registration bad = new Registration("alice", good.identityKey(),
        new SignedPreKey(good.signedPreKey().id(), good.signedPreKey().publicKey(), signature), good.pqPreKey(),
        good.oneTimePreKeys());
    refused(ErrorCode.BAD_KEY_SIGNATURE,
        () -> call.register(WireCodec.encodeRegistration(bad), alice.registerPow(regPow())));
  }

  @Test
  void asksForTheWorkBeforeVerifyingAnySignature() {
    Registration good = alice.registration(1);
    byte[] signature = good.pqPreKey().signature();
    signature[5] ^= 1;
    Registration bad = new Registration("alice", good.identityKey(), good.signedPreKey(),
        new PqPreKey(good.pqPreKey().id(), good.pqPreKey().publicKey(), signature),
        good.oneTimePreKeys());
    refused(ErrorCode.POW_MISSING, () -> call.register(WireCodec.encodeRegistration(bad), null));
  }

  @Test
  void refusesTooManyPrekeysInARegistration() {
    refused(ErrorCode.TOO_MANY_PREKEYS, () -> register(alice, 101));
  }

  @Test
  void refusesDuplicatePrekeyIdsInARegistration() {
    Registration good = alice.registration(0);
    List<OneTimePreKey> dup = List.of(TestIdentity.oneTimePreKeys(7, 1).get(0), TestIdentity.oneTimePreKeys(7, 1).get(0));
    Registration bad = new Registration("alice", good.identityKey(), good.signedPreKey(), good.pqPreKey(), dup);
    refused(ErrorCode.DUPLICATE_PREKEY_ID,
        () -> call.register(WireCodec.encodeRegistration(bad), alice.registerPow(regPow())));
  }

  // Bundle, spec §7.2

  @Test
  void handsOutTheLowestOneTimePrekeyOnceThenNone() throws Exception {
    register(alice, 2);
    PublicBundle first = call.fetchBundle("alice");
    PublicBundle second = call.fetchBundle("alice");
    PublicBundle third = call.fetchBundle("alice");
    assertThat(first.oneTimePreKey()).map(OneTimePreKey::id).contains(1);
    assertThat(second.oneTimePreKey()).map(OneTimePreKey::id).contains(2);
    assertThat(third.oneTimePreKey()).as("none left: last-resort bundle").isEmpty();
    assertThat(third.signedPreKey()).isEqualTo(alice.signedPreKey());
    assertThat(third.pqPreKey()).isEqualTo(alice.pqPreKey());
    assertThat(third.identityKey()).isEqualTo(alice.identityKey());
  }

  @Test
  void bundleOfAnUnknownUserIsNotFound() {
    refused(ErrorCode.UNKNOWN_USER, () -> call.fetchBundle("nobody"));
  }

  @Test
  void bundleOfAnInvalidUsernameIsRefused() {
    refused(ErrorCode.INVALID_USERNAME, () -> call.fetchBundle("No%20body"));
  }

  // Signed requests, spec §5

  @Test
  void countsPrekeysForTheOwner() throws Exception {
    register(alice, 4);
    assertThat(call.preKeyCount(signed(alice, "GET", "/v1/prekey-count", new byte[0], -1))).isEqualTo(4);
  }

  @Test
  void refusesSignedRequestsWithoutAuthHeaders() throws Exception {
    register(alice, 1);
    SignedRequest good = signed(alice, "GET", "/v1/prekey-count", new byte[0], -1);
    refused(ErrorCode.AUTH_MISSING, () -> call.preKeyCount(new SignedRequest("GET", "/v1/prekey-count", null,
        good.timestamp(), good.signature(), null, good.body())));
    refused(ErrorCode.AUTH_MISSING, () -> call.preKeyCount(new SignedRequest("GET", "/v1/prekey-count",
        good.username(), null, good.signature(), null, good.body())));
    refused(ErrorCode.AUTH_MISSING, () -> call.preKeyCount(new SignedRequest("GET", "/v1/prekey-count",
        good.username(), good.timestamp(), "not base64", null, good.body())));
    refused(ErrorCode.AUTH_MISSING, () -> call.preKeyCount(new SignedRequest("GET", "/v1/prekey-count",
        good.username(), "0" + good.timestamp(), good.signature(), null, good.body())));
  }

  @Test
  void refusesStaleTimestampsInThePastAndTheFuture() throws Exception {
    register(alice, 1);
    SignedRequest old = signed(alice, "GET", "/v1/prekey-count", new byte[0], -1);
    clock.advance(Duration.ofMillis(60_001));
    refused(ErrorCode.STALE_TIMESTAMP, () -> call.preKeyCount(old));
    clock.advance(Duration.ofMillis(-120_002));
    refused(ErrorCode.STALE_TIMESTAMP, () -> call.preKeyCount(old));
  }

  @Test
  void acceptsTimestampsAtTheEdgeOfTheWindow() throws Exception {
    register(alice, 1);
    SignedRequest request = signed(alice, "GET", "/v1/prekey-count", new byte[0], -1);
    clock.advance(Duration.ofSeconds(60));
    assertThat(call.preKeyCount(request)).isEqualTo(1);
  }

  @Test
  void refusesSignedRequestsOfUnknownUsers() {
    TestIdentity ghost = TestIdentity.create("ghost");
    refused(ErrorCode.UNKNOWN_USER,
        () -> call.preKeyCount(signed(ghost, "GET", "/v1/prekey-count", new byte[0], -1)));
  }

  @Test
  void refusesBadRequestSignatures() throws Exception {
    register(alice, 1);
    TestIdentity mallory = TestIdentity.create("alice");
    refused(ErrorCode.BAD_REQUEST_SIGNATURE,
        () -> call.preKeyCount(signed(mallory, "GET", "/v1/prekey-count", new byte[0], -1)));
    SignedRequest good = signed(alice, "GET", "/v1/prekey-count", new byte[0], -1);
    refused(ErrorCode.BAD_REQUEST_SIGNATURE, () -> call.preKeyCount(new SignedRequest("GET",
        "/v1/prekey-count?x", good.username(), good.timestamp(), good.signature(), null, good.body())));
  }

  @Test
  void rejectsReplayedSignedRequest() throws Exception {
    register(alice, 1);
    SignedRequest request = signed(alice, "GET", "/v1/prekey-count", new byte[0], -1);
    call.preKeyCount(request);
    refused(ErrorCode.REPLAYED_REQUEST, () -> call.preKeyCount(request));
  }

  @Test
  void replayCacheFailsClosedWhenFullOfLiveEntries() throws Exception {
    service = service(2);
    register(alice, 1);
    call.preKeyCount(signed(alice, "GET", "/v1/prekey-count", new byte[0], -1));
    clock.advance(Duration.ofMillis(1));
    call.preKeyCount(signed(alice, "GET", "/v1/prekey-count", new byte[0], -1));
    clock.advance(Duration.ofMillis(1));
    IdentityException e = refused(ErrorCode.UNAVAILABLE,
        () -> call.preKeyCount(signed(alice, "GET", "/v1/prekey-count", new byte[0], -1)));
    assertThat(e.retryAfterSeconds()).as("until the eldest entry expires").isBetween(1L, 120L);
    clock.advance(Duration.ofMinutes(2));
    assertThat(call.preKeyCount(signed(alice, "GET", "/v1/prekey-count", new byte[0], -1)))
        .as("room again once entries expire").isEqualTo(1);
  }

  // Upload, spec §7.3

  @Test
  void uploadAddsPrekeysAndRotatesSignedAndPqPrekeys() throws Exception {
    register(alice, 2);
    SignedPreKey newSigned = alice.newSignedPreKey(2);
    int count = call.uploadPreKeys(upload(alice, new PreKeyUpload(TestIdentity.oneTimePreKeys(10, 3),
        Optional.of(newSigned), Optional.of(alice.newPqPreKey(2)))));
    assertThat(count).isEqualTo(5);
    assertThat(call.fetchBundle("alice").signedPreKey()).isEqualTo(newSigned);
  }

  @Test
  void uploadNeedsWriteProofOfWork() throws Exception {
    register(alice, 1);
    byte[] body = WireCodec.encodeUpload(opksOnly(TestIdentity.oneTimePreKeys(10, 1)));
    IdentityException e = refused(ErrorCode.POW_MISSING,
        () -> call.uploadPreKeys(signed(alice, "PUT", "/v1/prekeys", body, -1)));
    assertThat(e.requiredPowBits()).isEqualTo(WRITE_BITS);
  }

  @Test
  void uploadWithInsufficientProofOfWorkIsRefused() throws Exception {
    register(alice, 1);
    byte[] body = WireCodec.encodeUpload(opksOnly(TestIdentity.oneTimePreKeys(10, 1)));
    SignedRequest good = signed(alice, "PUT", "/v1/prekeys", body, 0);
    byte[] signedBytes = SignedBytes.request("PUT", "/v1/prekeys", "alice",
        good.timestamp(), body);
    PowTarget target = TestPow.at(clock.millis(), WRITE_BITS);
    String weak = TestIdentity.failingProof(target, ProofOfWork.writeChallenge(target, signedBytes));
    refused(ErrorCode.POW_INSUFFICIENT, () -> call.uploadPreKeys(new SignedRequest("PUT", "/v1/prekeys",
        "alice", good.timestamp(), good.signature(), weak, body)));
  }

  @Test
  void refusesMalformedUpload() throws Exception {
    register(alice, 1);
    refused(ErrorCode.MALFORMED_REQUEST,
        () -> call.uploadPreKeys(signed(alice, "PUT", "/v1/prekeys", new byte[] {(byte) 0xff}, WRITE_BITS)));
  }

  @Test
  void refusesAnEmptyUpload() throws Exception {
    register(alice, 1);
    refused(ErrorCode.MALFORMED_REQUEST, () -> call.uploadPreKeys(upload(alice, opksOnly(List.of()))));
  }

  @Test
  void refusesMoreThanTheUploadCap() throws Exception {
    register(alice, 1);
    refused(ErrorCode.TOO_MANY_PREKEYS,
        () -> call.uploadPreKeys(upload(alice, opksOnly(TestIdentity.oneTimePreKeys(10, 101)))));
  }

  @Test
  void refusesMoreThanTheStoredCapAndStoresNone() throws Exception {
    register(alice, 100);
    for (int i = 0; i < 4; i++) {
      call.uploadPreKeys(upload(alice, opksOnly(TestIdentity.oneTimePreKeys(1_000 + i * 100, 100))));
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(store.oneTimePreKeyCount("alice")).isEqualTo(500);
    refused(ErrorCode.TOO_MANY_PREKEYS,
        () -> call.uploadPreKeys(upload(alice, opksOnly(TestIdentity.oneTimePreKeys(5_000, 1)))));
  }

  @Test
  void refusesAnIdAlreadyStored() throws Exception {
    register(alice, 3);
    refused(ErrorCode.DUPLICATE_PREKEY_ID,
        () -> call.uploadPreKeys(upload(alice, opksOnly(TestIdentity.oneTimePreKeys(3, 2)))));
  }

  @Test
  void checksTheStoredCountBeforeTheStoredIds() throws Exception {
    service = service(new LocalLedger(store), 3, 100);
    register(alice, 3);
    refused(ErrorCode.TOO_MANY_PREKEYS,
        () -> call.uploadPreKeys(upload(alice, opksOnly(TestIdentity.oneTimePreKeys(3, 1)))));
  }

  @Test
  void refusesDuplicateIdsInsideOneUpload() throws Exception {
    register(alice, 1);
    OneTimePreKey key = TestIdentity.oneTimePreKeys(9, 1).get(0);
    refused(ErrorCode.DUPLICATE_PREKEY_ID,
        () -> call.uploadPreKeys(upload(alice, opksOnly(List.of(key, key)))));
  }

  @Test
  void refusesWrongKeyLengthsInAnUpload() throws Exception {
    register(alice, 1);
    refused(ErrorCode.INVALID_KEY, () -> call.uploadPreKeys(
        upload(alice, opksOnly(List.of(new OneTimePreKey(9, new byte[31]))))));
  }

  @Test
  void refusesABadSignatureOnARotatedPrekey() throws Exception {
    register(alice, 1);
    TestIdentity other = TestIdentity.create("other");
    refused(ErrorCode.BAD_KEY_SIGNATURE, () -> call.uploadPreKeys(upload(alice,
        new PreKeyUpload(List.of(), Optional.of(other.newSignedPreKey(5)), Optional.empty()))));
  }

  // Delete, spec §7.5

  @Test
  void deleteRemovesEverythingAndFreesTheName() throws Exception {
    register(alice, 3);
    call.delete(signed(alice, "DELETE", "/v1/identity", new byte[0], WRITE_BITS));
    assertThat(snapshot()).as("all four families gone").isEmpty();
    assertThat(store.entries().keySet()).as("what is left is the delete's digest, without a name")
        .allMatch(key -> key.startsWith("replay") && !key.contains("alice"));
    register(TestIdentity.create("alice"), 0);
  }

  @Test
  void deleteNeedsProofOfWork() throws Exception {
    register(alice, 1);
    refused(ErrorCode.POW_MISSING,
        () -> call.delete(signed(alice, "DELETE", "/v1/identity", new byte[0], -1)));
  }

  @Test
  void replayedDeleteIsRefusedAfterReRegistration() throws Exception {
    register(alice, 1);
    SignedRequest delete = signed(alice, "DELETE", "/v1/identity", new byte[0], WRITE_BITS);
    call.delete(delete);
    register(alice, 1);
    refused(ErrorCode.REPLAYED_REQUEST, () -> call.delete(delete));
  }

  @Test
  void aDeleteAuthenticatedWithTheOldKeyNeverTouchesTheNameNewOwner() throws Exception {
    register(alice, 1);
    TestIdentity newOwner = TestIdentity.create("alice");
    LocalLedger local = new LocalLedger(store);
    // Between authentication and its turn in the ledger, the account is deleted and the name registered again by
    // someone else, as on a cluster where other commands were ordered first.
    Ledger racing = new Ledger() {
      @Override
      public CompletableFuture<Outcome> submit(Command command) {
        if (command instanceof Command.Delete) {
          try {
            clock.advance(Duration.ofMillis(1));
            call.delete(signed(alice, "DELETE", "/v1/identity", new byte[0], WRITE_BITS));
            await(service(local, 500, 10).register(newOwner.registrationBody(2), newOwner.registerPow(regPow())));
          } catch (IdentityException e) {
            throw new AssertionError(e);
          }
        }
        return local.submit(command);
      }

      @Override
      public boolean mayLag() {
        return false;
      }

      @Override
      public Optional<byte[]> freshBundle(String username) {
        return local.freshBundle(username);
      }
    };
    IdentityService racingService = service(racing, 500, 10);
    IdentityException e = catchThrowableOfType(IdentityException.class,
        () -> await(racingService.delete(signed(alice, "DELETE", "/v1/identity", new byte[0], WRITE_BITS))));
    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_USER);
    assertThat(store.oneTimePreKeyCount("alice")).as("the new owner's account is intact").isEqualTo(2);
  }
}

package io.rvnt.server;

import static io.rvnt.server.ServerFixture.REGISTER_BITS;
import static io.rvnt.server.ServerFixture.WRITE_BITS;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.TestIdentity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input, per endpoint, over HTTP against a real server and RocksDB: each gets its status and its
 * error code in an {@code Error} body, and the store is byte for byte what it was (spec §2, §5–§7, §9).
 */
class BadInputHttpTest extends ServerTest {
  static final byte[] NOT_PROTOBUF = {(byte) 0xff, (byte) 0xff, 0x01};
  final TestIdentity alice = TestIdentity.create("alice");

  @BeforeEach
  void start() throws Exception {
    fx = ServerFixture.start(dir, Map.of());
    RawHttp.Response registered = register(alice.registrationBody(3), alice.registerPow(fx.pow(REGISTER_BITS)));
    assertThat(registered.status()).as("alice registers").isEqualTo(201);
  }

  interface Call {
    RawHttp.Response get() throws Exception;
  }

  void assertRefused(int status, ErrorCode code, Call call) throws Exception {
    Map<String, String> before = fx.snapshot();
    RawHttp.Response response = call.get();
    assertThat(response.status()).as("HTTP status for %s", code).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo(Headers.CONTENT_TYPE_PROTOBUF);
    assertThat(ServerFixture.error(response).getCode()).as("error code").isEqualTo(code);
    assertThat(fx.snapshot()).as("store unchanged after %s", code).isEqualTo(before);
  }

  RawHttp.Response register(byte[] body, String pow) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (pow != null) {
      headers.put(Headers.POW, pow);
    }
    return fx.exchange("POST", "/v1/register", headers, body);
  }

  RawHttp.Response registerWithPow(Registration registration) throws Exception {
    PowTarget target = fx.pow(REGISTER_BITS);
    String pow = TestIdentity.solve(target,
        ProofOfWork.registerChallenge(target, registration.username(), registration.identityKey()));
    return register(WireCodec.encodeRegistration(registration), pow);
  }

  RawHttp.Response signed(TestIdentity user, String method, String path, byte[] body, int powBits)
      throws Exception {
    return fx.exchange(method, path,
        user.signedHeaders(method, path, fx.tick(), body, powBits < 0 ? null : fx.pow(powBits)), body);
  }

  byte[] upload(List<OneTimePreKey> keys) {
    return WireCodec.encodeUpload(new PreKeyUpload(keys, Optional.empty(), Optional.empty()));
  }

  // POST /v1/register

  @Test
  void registerRefusesMalformedProtobuf() throws Exception {
    assertRefused(400, ErrorCode.MALFORMED_REQUEST, () -> register(NOT_PROTOBUF, "0000000000000000"));
  }

  @Test
  void registerRefusesAnOversizedBody() throws Exception {
    assertRefused(413, ErrorCode.BODY_TOO_LARGE, () -> register(new byte[32_769], null));
  }

  @Test
  void registerRefusesAnotherContentType() throws Exception {
    assertRefused(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, () -> fx.exchange("POST", "/v1/register",
        Map.of("Content-Type", "application/json"), alice.registrationBody(1)));
  }

  @Test
  void registerRefusesWrongKeyLengths() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    Registration good = bob.registration(1);
    assertRefused(400, ErrorCode.INVALID_KEY, () -> registerWithPow(new Registration("bob", new byte[33],
        good.signedPreKey(), good.pqPreKey(), good.oneTimePreKeys())));
    SignedPreKey shortSigned = new SignedPreKey(1, new byte[31], good.signedPreKey().signature());
    assertRefused(400, ErrorCode.INVALID_KEY, () -> registerWithPow(new Registration("bob", good.identityKey(),
        shortSigned, good.pqPreKey(), good.oneTimePreKeys())));
  }

  @Test
  void registerRefusesBadKeySignatures() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    Registration good = bob.registration(1);
    Registration wrongSigner = new Registration("bob", good.identityKey(), alice.signedPreKey(),
        good.pqPreKey(), good.oneTimePreKeys());
    assertRefused(400, ErrorCode.BAD_KEY_SIGNATURE, () -> registerWithPow(wrongSigner));
  }

  @Test
  void registerRefusesMissingProofOfWork() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    assertRefused(403, ErrorCode.POW_MISSING, () -> register(bob.registrationBody(1), null));
    RawHttp.Response response = register(bob.registrationBody(1), null);
    io.rvnt.protocol.wire.Error error = ServerFixture.error(response);
    assertThat(error.getRequiredPowBits()).isEqualTo(REGISTER_BITS);
    assertThat(error.getPowSeed().toByteArray()).as("spec §6.1: the seed to solve for")
        .isEqualTo(fx.pow(REGISTER_BITS).seed());
    assertThat(error.getRequiredPowEffort()).as("and the suggested effort").isEqualTo(1L << REGISTER_BITS);
  }

  @Test
  void registerRefusesAProofOfWorkOnAnExpiredSeed() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    PowTarget stale = io.rvnt.testsupport.TestPow.at(fx.clock.millis() - Duration.ofHours(1).toMillis(),
        REGISTER_BITS);
    assertRefused(403, ErrorCode.POW_SEED_EXPIRED, () -> register(bob.registrationBody(1), bob.registerPow(stale)));
  }

  @Test
  void registerRefusesInsufficientProofOfWork() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    PowTarget target = fx.pow(REGISTER_BITS);
    String weak = TestIdentity.failingProof(target, ProofOfWork.registerChallenge(target, "bob", bob.identityKey()));
    assertRefused(403, ErrorCode.POW_INSUFFICIENT, () -> register(bob.registrationBody(1), weak));
  }

  @Test
  void registerRefusesInvalidUsernames() throws Exception {
    TestIdentity upper = TestIdentity.create("Bob");
    assertRefused(400, ErrorCode.INVALID_USERNAME,
        () -> register(upper.registrationBody(1), upper.registerPow(fx.pow(REGISTER_BITS))));
  }

  @Test
  void registerRefusesTooManyPrekeys() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    assertRefused(400, ErrorCode.TOO_MANY_PREKEYS,
        () -> register(bob.registrationBody(101), bob.registerPow(fx.pow(REGISTER_BITS))));
  }

  @Test
  void registerRefusesDuplicatePrekeyIds() throws Exception {
    TestIdentity bob = TestIdentity.create("bob");
    Registration good = bob.registration(0);
    OneTimePreKey key = TestIdentity.oneTimePreKeys(5, 1).get(0);
    assertRefused(400, ErrorCode.DUPLICATE_PREKEY_ID, () -> registerWithPow(new Registration("bob",
        good.identityKey(), good.signedPreKey(), good.pqPreKey(), List.of(key, key))));
  }

  @Test
  void registerRefusesATakenUsername() throws Exception {
    TestIdentity other = TestIdentity.create("alice");
    assertRefused(409, ErrorCode.USERNAME_TAKEN,
        () -> register(other.registrationBody(1), other.registerPow(fx.pow(REGISTER_BITS))));
  }

  @Test
  void registerRefusesWhenDiskIsShort() throws Exception {
    fx.freeDisk.set(1);
    TestIdentity bob = TestIdentity.create("bob");
    assertRefused(507, ErrorCode.INSUFFICIENT_STORAGE,
        () -> register(bob.registrationBody(1), bob.registerPow(fx.pow(REGISTER_BITS))));
  }

  // GET /v1/bundle/{username}

  @Test
  void bundleRefusesInvalidUsernames() throws Exception {
    assertRefused(400, ErrorCode.INVALID_USERNAME, () -> fx.exchange("GET", "/v1/bundle/Alice", Map.of(), EMPTY));
    assertRefused(400, ErrorCode.INVALID_USERNAME, () -> fx.exchange("GET", "/v1/bundle/", Map.of(), EMPTY));
    assertRefused(400, ErrorCode.INVALID_USERNAME,
        () -> fx.exchange("GET", "/v1/bundle/al%69ce", Map.of(), EMPTY));
  }

  @Test
  void bundleOfUnknownUserIsNotFound() throws Exception {
    assertRefused(404, ErrorCode.UNKNOWN_USER, () -> fx.exchange("GET", "/v1/bundle/nobody", Map.of(), EMPTY));
  }

  @Test
  void bundleRefusesOtherMethods() throws Exception {
    assertRefused(405, ErrorCode.METHOD_NOT_ALLOWED,
        () -> fx.exchange("DELETE", "/v1/bundle/alice", Map.of(), EMPTY));
  }

  // PUT /v1/prekeys

  @Test
  void prekeysRefusesMalformedProtobuf() throws Exception {
    assertRefused(400, ErrorCode.MALFORMED_REQUEST, () -> signed(alice, "PUT", "/v1/prekeys", NOT_PROTOBUF,
        WRITE_BITS));
  }

  @Test
  void prekeysRefusesAnOversizedBody() throws Exception {
    assertRefused(413, ErrorCode.BODY_TOO_LARGE, () -> signed(alice, "PUT", "/v1/prekeys", new byte[40_000],
        WRITE_BITS));
  }

  @Test
  void prekeysRefusesMissingAuth() throws Exception {
    assertRefused(401, ErrorCode.AUTH_MISSING,
        () -> fx.exchange("PUT", "/v1/prekeys", Map.of(), upload(TestIdentity.oneTimePreKeys(10, 1))));
  }

  @Test
  void prekeysRefusesStaleTimestamps() throws Exception {
    byte[] body = upload(TestIdentity.oneTimePreKeys(10, 1));
    Map<String, String> headers =
        alice.signedHeaders("PUT", "/v1/prekeys", fx.clock.millis() - 61_000, body, fx.pow(WRITE_BITS));
    assertRefused(401, ErrorCode.STALE_TIMESTAMP, () -> fx.exchange("PUT", "/v1/prekeys", headers, body));
  }

  @Test
  void prekeysRefusesBadRequestSignatures() throws Exception {
    TestIdentity impostor = TestIdentity.create("alice");
    assertRefused(401, ErrorCode.BAD_REQUEST_SIGNATURE, () -> signed(impostor, "PUT", "/v1/prekeys",
        upload(TestIdentity.oneTimePreKeys(10, 1)), WRITE_BITS));
  }

  @Test
  void prekeysRefusesReplayedRequests() throws Exception {
    byte[] body = upload(TestIdentity.oneTimePreKeys(10, 1));
    Map<String, String> headers = alice.signedHeaders("PUT", "/v1/prekeys", fx.tick(), body, fx.pow(WRITE_BITS));
    assertThat(fx.exchange("PUT", "/v1/prekeys", headers, body).status()).isEqualTo(200);
    assertRefused(409, ErrorCode.REPLAYED_REQUEST, () -> fx.exchange("PUT", "/v1/prekeys", headers, body));
  }

  @Test
  void prekeysRefusesMissingProofOfWork() throws Exception {
    assertRefused(403, ErrorCode.POW_MISSING,
        () -> signed(alice, "PUT", "/v1/prekeys", upload(TestIdentity.oneTimePreKeys(10, 1)), -1));
  }

  @Test
  void prekeysRefusesInsufficientProofOfWork() throws Exception {
    byte[] body = upload(TestIdentity.oneTimePreKeys(10, 1));
    Map<String, String> headers = new LinkedHashMap<>(
        alice.signedHeaders("PUT", "/v1/prekeys", fx.tick(), body, null));
    byte[] signedBytes = SignedBytes.request("PUT", "/v1/prekeys", "alice", headers.get(Headers.TIMESTAMP), body);
    PowTarget target = fx.pow(WRITE_BITS);
    headers.put(Headers.POW, TestIdentity.failingProof(target, ProofOfWork.writeChallenge(target, signedBytes)));
    assertRefused(403, ErrorCode.POW_INSUFFICIENT, () -> fx.exchange("PUT", "/v1/prekeys", headers, body));
  }

  @Test
  void prekeysRefusesUnknownUsers() throws Exception {
    TestIdentity ghost = TestIdentity.create("ghost");
    assertRefused(404, ErrorCode.UNKNOWN_USER, () -> signed(ghost, "PUT", "/v1/prekeys",
        upload(TestIdentity.oneTimePreKeys(10, 1)), WRITE_BITS));
  }

  @Test
  void prekeysRefusesWrongKeyLengths() throws Exception {
    assertRefused(400, ErrorCode.INVALID_KEY, () -> signed(alice, "PUT", "/v1/prekeys",
        upload(List.of(new OneTimePreKey(10, new byte[16]))), WRITE_BITS));
  }

  @Test
  void prekeysRefusesBadKeySignatures() throws Exception {
    TestIdentity other = TestIdentity.create("other");
    byte[] body = WireCodec.encodeUpload(
        new PreKeyUpload(List.of(), Optional.empty(), Optional.of(other.newPqPreKey(2))));
    assertRefused(400, ErrorCode.BAD_KEY_SIGNATURE, () -> signed(alice, "PUT", "/v1/prekeys", body, WRITE_BITS));
  }

  @Test
  void prekeysRefusesTooManyPrekeys() throws Exception {
    assertRefused(400, ErrorCode.TOO_MANY_PREKEYS, () -> signed(alice, "PUT", "/v1/prekeys",
        upload(TestIdentity.oneTimePreKeys(10, 101)), WRITE_BITS));
  }

  @Test
  void prekeysRefusesDuplicateIds() throws Exception {
    assertRefused(400, ErrorCode.DUPLICATE_PREKEY_ID, () -> signed(alice, "PUT", "/v1/prekeys",
        upload(TestIdentity.oneTimePreKeys(2, 1)), WRITE_BITS));
  }

  @Test
  void prekeysRefusesAnotherContentType() throws Exception {
    byte[] body = upload(TestIdentity.oneTimePreKeys(10, 1));
    Map<String, String> headers = new LinkedHashMap<>(
        alice.signedHeaders("PUT", "/v1/prekeys", fx.tick(), body, fx.pow(WRITE_BITS)));
    headers.put("Content-Type", "text/plain");
    assertRefused(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, () -> fx.exchange("PUT", "/v1/prekeys", headers, body));
  }

  // GET /v1/prekey-count

  @Test
  void prekeyCountRefusesMissingAuth() throws Exception {
    assertRefused(401, ErrorCode.AUTH_MISSING, () -> fx.exchange("GET", "/v1/prekey-count", Map.of(), EMPTY));
  }

  @Test
  void prekeyCountRefusesAnInvalidUsernameHeaderAsMissingAuth() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(
        alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null));
    headers.put(Headers.USERNAME, "Alice");
    assertRefused(401, ErrorCode.AUTH_MISSING, () -> fx.exchange("GET", "/v1/prekey-count", headers, EMPTY));
  }

  @Test
  void prekeyCountRefusesStaleTimestamps() throws Exception {
    Map<String, String> headers =
        alice.signedHeaders("GET", "/v1/prekey-count", fx.clock.millis() + 61_000, EMPTY, null);
    assertRefused(401, ErrorCode.STALE_TIMESTAMP, () -> fx.exchange("GET", "/v1/prekey-count", headers, EMPTY));
  }

  @Test
  void prekeyCountRefusesBadRequestSignatures() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(
        alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null));
    headers.put(Headers.SIGNATURE, "A".repeat(86) + "==");
    assertRefused(401, ErrorCode.BAD_REQUEST_SIGNATURE,
        () -> fx.exchange("GET", "/v1/prekey-count", headers, EMPTY));
  }

  @Test
  void prekeyCountRefusesReplayedRequests() throws Exception {
    Map<String, String> headers = alice.signedHeaders("GET", "/v1/prekey-count", fx.tick(), EMPTY, null);
    assertThat(fx.exchange("GET", "/v1/prekey-count", headers, EMPTY).status()).isEqualTo(200);
    assertRefused(409, ErrorCode.REPLAYED_REQUEST, () -> fx.exchange("GET", "/v1/prekey-count", headers, EMPTY));
  }

  @Test
  void prekeyCountRefusesUnknownUsers() throws Exception {
    assertRefused(404, ErrorCode.UNKNOWN_USER,
        () -> signed(TestIdentity.create("ghost"), "GET", "/v1/prekey-count", EMPTY, -1));
  }

  // DELETE /v1/identity

  @Test
  void deleteRefusesMissingAuth() throws Exception {
    assertRefused(401, ErrorCode.AUTH_MISSING, () -> fx.exchange("DELETE", "/v1/identity", Map.of(), EMPTY));
  }

  @Test
  void deleteRefusesStaleTimestamps() throws Exception {
    fx.clock.advance(Duration.ofMinutes(5));
    Map<String, String> headers = alice.signedHeaders("DELETE", "/v1/identity",
        fx.clock.millis() - Duration.ofMinutes(2).toMillis(), EMPTY, fx.pow(WRITE_BITS));
    assertRefused(401, ErrorCode.STALE_TIMESTAMP, () -> fx.exchange("DELETE", "/v1/identity", headers, EMPTY));
  }

  @Test
  void deleteRefusesBadRequestSignatures() throws Exception {
    assertRefused(401, ErrorCode.BAD_REQUEST_SIGNATURE,
        () -> signed(TestIdentity.create("alice"), "DELETE", "/v1/identity", EMPTY, WRITE_BITS));
  }

  @Test
  void deleteRefusesMissingProofOfWork() throws Exception {
    assertRefused(403, ErrorCode.POW_MISSING, () -> signed(alice, "DELETE", "/v1/identity", EMPTY, -1));
  }

  @Test
  void deleteRefusesUnknownUsers() throws Exception {
    assertRefused(404, ErrorCode.UNKNOWN_USER,
        () -> signed(TestIdentity.create("ghost"), "DELETE", "/v1/identity", EMPTY, WRITE_BITS));
  }

  @Test
  void deleteRefusesReplayedRequestsAfterReRegistration() throws Exception {
    Map<String, String> headers = alice.signedHeaders("DELETE", "/v1/identity", fx.tick(), EMPTY, fx.pow(WRITE_BITS));
    assertThat(fx.exchange("DELETE", "/v1/identity", headers, EMPTY).status()).isEqualTo(200);
    assertThat(register(alice.registrationBody(1), alice.registerPow(fx.pow(REGISTER_BITS))).status()).isEqualTo(201);
    assertRefused(409, ErrorCode.REPLAYED_REQUEST, () -> fx.exchange("DELETE", "/v1/identity", headers, EMPTY));
  }

  // Anything else, spec §7.7

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertRefused(404, ErrorCode.NOT_FOUND, () -> fx.exchange("GET", "/v2/anything", Map.of(), EMPTY));
  }

  @Test
  void knownPathsRefuseOtherMethods() throws Exception {
    assertRefused(405, ErrorCode.METHOD_NOT_ALLOWED, () -> fx.exchange("GET", "/v1/register", Map.of(), EMPTY));
    assertRefused(405, ErrorCode.METHOD_NOT_ALLOWED, () -> fx.exchange("POST", "/v1/params", Map.of(), EMPTY));
  }
}

package io.rvnt.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.http.Paths;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowProof;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.protocol.wire.RegisterResponse;
import io.rvnt.protocol.wire.ServerParams;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityClientTest {
  private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
  private final SecureRandom random = new SecureRandom();
  private final Ed25519.KeyPair identity = Ed25519.generate(random);
  private final X25519.KeyPair signedPair = X25519.generate(random);
  private final MlKem768.KeyPair pqPair = MlKem768.generate(random);
  private FakeServer server;
  private IdentityClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    client = newClient(new ClientConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), 4096, 1, 24));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentityClient newClient(ClientConfig config) {
    return new IdentityClient(server.uri(), config, FIXED);
  }

  private SignedPreKey signedPreKey(Ed25519.KeyPair signer, int id) {
    return SignedPreKey.sign(signer, id, signedPair.publicKey());
  }

  private PqPreKey pqPreKey(Ed25519.KeyPair signer, int id) {
    return PqPreKey.sign(signer, id, pqPair.publicKey());
  }

  private PublicBundle bundle(String username, SignedPreKey signed, PqPreKey pq) {
    return new PublicBundle(username, identity.publicKey(), signed, pq,
        Optional.of(new OneTimePreKey(5, X25519.generate(random).publicKey())));
  }

  private static final byte[] SEED = new byte[32];
  private static final byte[] OTHER_SEED = java.util.HexFormat.of().parseHex("11".repeat(32));

  private static PowTarget target(long effort) {
    return new PowTarget(SEED, effort);
  }

  /** An {@code Error} that names a seed and an effort to solve for (spec §6.5). */
  private static byte[] powError(ErrorCode code, byte[] seed, long effort) {
    return io.rvnt.protocol.wire.Error.newBuilder().setCode(code).setMessage(code.name())
        .setPowSeed(com.google.protobuf.ByteString.copyFrom(seed)).setRequiredPowEffort(effort).build().toByteArray();
  }

  /** Answers the first registration with {@code status} and {@code refusal}, every later one 201. */
  private void refuseFirstRegistration(int status, byte[] refusal) {
    java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    server.on(Paths.REGISTER, (exchange, body) -> FakeServer.send(exchange, tries.incrementAndGet() == 1 ? status : 201,
        tries.get() == 1 ? refusal : RegisterResponse.newBuilder().setRegisteredAtMs(7).build().toByteArray()));
  }

  private static byte[] error(ErrorCode code, String message) {
    return io.rvnt.protocol.wire.Error.newBuilder().setCode(code).setMessage(message).build().toByteArray();
  }

  @Test
  void readsTheServerParameters() throws Exception {
    server.on(Paths.PARAMS, 200, ServerParams.newBuilder().setRegisterPowBits(20).setWritePowBits(16)
        .setTimestampWindowMs(60_000).setMaxPrekeysPerUpload(100).setMaxStoredPrekeys(500).setMaxBodyBytes(32768)
        .setProtocolVersion("rvnt-identity/2").setPowSeed(com.google.protobuf.ByteString.copyFrom(SEED))
        .setPowSeedExpiresMs(5).setRegisterPowEffort(1 << 21).setWritePowEffort(1 << 17).build().toByteArray());
    ServerParameters params = client.params();
    assertThat(params).isEqualTo(new ServerParameters(20, 16, Duration.ofSeconds(60), 100, 500, 32768,
        "rvnt-identity/2", target(1 << 21), target(1 << 17), 5));
  }

  @Test
  void refusesParametersWithoutASeed() {
    server.on(Paths.PARAMS, 200, ServerParams.newBuilder().setProtocolVersion("rvnt-identity/2")
        .setRegisterPowEffort(1).setWritePowEffort(1).build().toByteArray());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class, client::params);
    assertThat(e.status()).as("spec §7.6: a seed is required").isEqualTo(IdentityClientException.CLIENT_SIDE);
  }

  @Test
  void refusesAServerSpeakingAnotherProtocolVersion() {
    server.on(Paths.PARAMS, 200, ServerParams.newBuilder().setProtocolVersion("rvnt-identity/1").build()
        .toByteArray());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class, client::params);
    assertThat(e.status()).isEqualTo(IdentityClientException.CLIENT_SIDE);
  }

  @Test
  void registersWithABodyAndAProofOfWorkBoundToNameAndKey() throws Exception {
    server.on(Paths.REGISTER, 201, RegisterResponse.newBuilder().setRegisteredAtMs(42).setOneTimePrekeyCount(0)
        .build().toByteArray());
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    IdentityClient.Registered registered = client.register(registration, target(300), done -> {});
    assertThat(registered).isEqualTo(new IdentityClient.Registered(42, 0));
    FakeServer.Seen seen = server.seen.get(0);
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(WireCodec.decodeRegistration(seen.body())).isEqualTo(registration);
    PowProof proof = PowProof.parse(seen.header("X-RVNT-PoW")).orElseThrow();
    assertThat(proof.seed()).isEqualTo(SEED);
    assertThat(proof.effort()).isEqualTo(300);
    byte[] challenge = ProofOfWork.registerChallenge(target(300), "alice", identity.publicKey());
    assertThat(ProofOfWork.meetsEffort(ProofOfWork.hash(challenge, proof.nonce()), 300))
        .as("spec §6.2 proof of work").isTrue();
  }

  @Test
  void retriesWithTheSeedAndEffortARefusalNames() throws Exception {
    refuseFirstRegistration(403, powError(ErrorCode.POW_INSUFFICIENT, OTHER_SEED, 500));
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    assertThat(client.register(registration, target(100), done -> {}).registeredAtMs()).isEqualTo(7);
    PowProof retried = PowProof.parse(server.seen.get(1).header("X-RVNT-PoW")).orElseThrow();
    assertThat(retried.seed()).as("spec §6.5: the retry uses the seed the refusal named").isEqualTo(OTHER_SEED);
    assertThat(retried.effort()).as("spec §6.5: and its effort").isEqualTo(500);
  }

  @Test
  void retriesABusyRefusalAtOneAndAHalfTimesTheEffort() throws Exception {
    refuseFirstRegistration(503, powError(ErrorCode.UNAVAILABLE, SEED, 100));
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    client.register(registration, target(200), done -> {});
    assertThat(PowProof.parse(server.seen.get(1).header("X-RVNT-PoW")).orElseThrow().effort())
        .as("spec §6.5: a dropped request is retried at 1.5 times its bid").isEqualTo(300);
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    server.on(Paths.REGISTER, 403, powError(ErrorCode.POW_SEED_EXPIRED, SEED, 10));
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.register(registration, target(10), done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.POW_SEED_EXPIRED);
    assertThat(server.seen).as("spec §6.5: at most POW_ATTEMPTS tries").hasSize(IdentityClient.POW_ATTEMPTS);
  }

  @Test
  void refusesToSendARegistrationThatFailsTheKeyChecks() {
    Ed25519.KeyPair other = Ed25519.generate(random);
    Registration badlySigned = new Registration("alice", identity.publicKey(), signedPreKey(other, 1),
        pqPreKey(identity, 1), List.of());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.register(badlySigned, target(8), done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY_SIGNATURE);
    assertThat(server.seen).as("nothing was sent").isEmpty();
  }

  @Test
  void refusesMoreProofOfWorkThanItsLimitWithoutStarting() {
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    java.util.concurrent.atomic.AtomicLong reported = new java.util.concurrent.atomic.AtomicLong(-1);
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.register(registration, target((1L << 24) + 1), reported::set));
    assertThat(e.getMessage()).contains(Long.toString((1L << 24) + 1)).contains("2^24");
    assertThat(reported.get()).as("no work was started").isEqualTo(-1);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void acceptsAVerifiedBundle() throws Exception {
    PublicBundle bundle = bundle("alice", signedPreKey(identity, 1), pqPreKey(identity, 2));
    server.on("/v1/bundle/alice", 200, WireCodec.encodeBundle(bundle));
    assertThat(client.fetchBundle("alice")).isEqualTo(bundle);
  }

  @Test
  void refusesABundleWhoseSignedPreKeyDoesNotVerify() {
    Ed25519.KeyPair other = Ed25519.generate(random);
    server.on("/v1/bundle/alice", 200,
        WireCodec.encodeBundle(bundle("alice", signedPreKey(other, 1), pqPreKey(identity, 1))));
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("alice"));
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY_SIGNATURE);
    assertThat(e.status()).isEqualTo(IdentityClientException.CLIENT_SIDE);
  }

  @Test
  void refusesABundleWhosePqPreKeyDoesNotVerify() {
    Ed25519.KeyPair other = Ed25519.generate(random);
    server.on("/v1/bundle/alice", 200,
        WireCodec.encodeBundle(bundle("alice", signedPreKey(identity, 1), pqPreKey(other, 1))));
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("alice"));
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY_SIGNATURE);
  }

  @Test
  void refusesABundleWithAOneTimePreKeyOfTheWrongLength() {
    PublicBundle bad = new PublicBundle("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), Optional.of(new OneTimePreKey(5, new byte[31])));
    server.on("/v1/bundle/alice", 200, WireCodec.encodeBundle(bad));
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("alice"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_KEY);
  }

  @Test
  void refusesTheBundleOfAnotherUser() {
    server.on("/v1/bundle/alice", 200,
        WireCodec.encodeBundle(bundle("mallory", signedPreKey(identity, 1), pqPreKey(identity, 1))));
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("alice"));
    assertThat(e.getMessage()).contains("another user");
  }

  @Test
  void refusesAMalformedBundle() {
    server.on("/v1/bundle/alice", 200, new byte[] {(byte) 0xff, 0x01});
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("alice"));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void refusesAnInvalidUsernameWithoutSendingAnything() {
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.fetchBundle("../admin"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_USERNAME);
    assertThat(server.seen).isEmpty();
  }

  @Test
  void signsRequestsOverTheBytesOfSection5() throws Exception {
    server.on(Paths.PREKEYS, 200, PreKeyCount.newBuilder().setOneTimePrekeyCount(3).build().toByteArray());
    PreKeyUpload upload = new PreKeyUpload(List.of(new OneTimePreKey(9, X25519.generate(random).publicKey())),
        Optional.empty(), Optional.empty());
    assertThat(client.uploadPreKeys("alice", identity, upload, target(256), done -> {})).isEqualTo(3);
    FakeServer.Seen seen = server.seen.get(0);
    assertThat(seen.method()).isEqualTo("PUT");
    assertThat(seen.header("X-RVNT-Username")).isEqualTo("alice");
    String timestamp = seen.header("X-RVNT-Timestamp");
    assertThat(timestamp).isEqualTo("1700000000000");
    byte[] signed = SignedBytes.request("PUT", "/v1/prekeys", "alice", timestamp, seen.body());
    byte[] signature = AuthHeaders.parseSignature(seen.header("X-RVNT-Signature")).orElseThrow();
    assertThat(Ed25519.verify(identity.publicKey(), signed, signature)).as("spec §5 signature").isTrue();
    PowProof proof = PowProof.parse(seen.header("X-RVNT-PoW")).orElseThrow();
    assertThat(ProofOfWork.meetsEffort(
        ProofOfWork.hash(ProofOfWork.writeChallenge(target(256), signed), proof.nonce()), 256))
        .as("spec §6.3 proof of work bound to the signed bytes").isTrue();
  }

  @Test
  void neverSignsTwoRequestsWithTheSameTimestamp() throws Exception {
    server.on(Paths.PREKEY_COUNT, 200, PreKeyCount.newBuilder().setOneTimePrekeyCount(1).build().toByteArray());
    client.preKeyCount("alice", identity);
    client.preKeyCount("alice", identity);
    assertThat(server.seen).extracting(s -> s.header("X-RVNT-Timestamp"))
        .as("the clock stands still, the timestamps do not (spec §5: replays are refused)")
        .containsExactly("1700000000000", "1700000000001");
    assertThat(server.seen.get(0).header("X-RVNT-PoW")).as("no proof of work for the count").isNull();
    assertThat(server.seen.get(0).body()).isEmpty();
  }

  @Test
  void sendsDeleteWithAnEmptyBodyAndNoContentType() throws Exception {
    server.on(Paths.IDENTITY, 200,
        io.rvnt.protocol.wire.DeleteResponse.newBuilder().setDeleted(true).build().toByteArray());
    assertThat(client.delete("alice", identity, target(16), done -> {})).isTrue();
    FakeServer.Seen seen = server.seen.get(0);
    assertThat(seen.method()).isEqualTo("DELETE");
    assertThat(seen.body()).isEmpty();
    assertThat(seen.header("Content-Type")).isNull();
  }

  @Test
  void mapsAnErrorBodyToCodeStatusAndMessage() {
    server.on(Paths.REGISTER, 409, error(ErrorCode.USERNAME_TAKEN, "username taken"));
    Registration registration = new Registration("alice", identity.publicKey(), signedPreKey(identity, 1),
        pqPreKey(identity, 1), List.of());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> client.register(registration, target(1), done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.getMessage()).isEqualTo("username taken");
  }

  @Test
  void mapsAnUnreadableErrorBodyToUnspecified() {
    server.on(Paths.PARAMS, 502, "<html>bad gateway</html>".getBytes());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class, client::params);
    assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
    assertThat(e.status()).isEqualTo(502);
  }

  @Test
  void neutralisesControlCharactersInServerMessages() {
    server.on(Paths.PARAMS, 400, error(ErrorCode.MALFORMED_REQUEST, "bad\u001b[2J\nthing" + "x".repeat(500)));
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class, client::params);
    assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\n")
        .hasSizeLessThanOrEqualTo(IdentityClient.MAX_MESSAGE_CHARS);
  }

  @Test
  void refusesAnAnswerDeclaredLargerThanTheLimit() {
    server.on(Paths.PARAMS, 200, new byte[5000]);
    IOException e = catchThrowableOfType(IOException.class, client::params);
    assertThat(e).hasMessageContaining("over 4096 bytes");
  }

  @Test
  void refusesAStreamedAnswerLargerThanTheLimit() {
    server.on(Paths.PARAMS, (exchange, body) -> {
      exchange.sendResponseHeaders(200, 0); // chunked, no length
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 10; i++) {
          out.write(new byte[1000]);
          out.flush();
        }
      } catch (IOException closedByClient) {
        // The client hung up, as it should.
      }
    });
    IOException e = catchThrowableOfType(IOException.class, client::params);
    assertThat(e).hasMessageContaining("over 4096 bytes");
  }

  @Test
  void givesUpWhenTheServerDoesNotAnswerWithinTheRequestTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.on(Paths.PARAMS, (exchange, body) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    IdentityClient impatient = newClient(new ClientConfig(Duration.ofSeconds(5), Duration.ofMillis(300), 4096, 1, 24));
    try {
      IOException e = catchThrowableOfType(IOException.class, impatient::params);
      assertThat(e).as("a silent server is given up on at the request timeout, not for another reason")
          .satisfiesAnyOf(
              timedOut -> assertThat(timedOut).isInstanceOf(java.net.http.HttpTimeoutException.class),
              timedOut -> assertThat(timedOut).hasMessageStartingWith("no complete answer from the server"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void cannotConnectToAClosedPort() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    IdentityClient nowhere = new IdentityClient(java.net.URI.create("http://127.0.0.1:" + port),
        new ClientConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), 4096, 1, 24), FIXED);
    assertThat(catchThrowableOfType(IOException.class, nowhere::params)).as("the connection is refused")
        .isInstanceOf(java.net.ConnectException.class);
  }
}

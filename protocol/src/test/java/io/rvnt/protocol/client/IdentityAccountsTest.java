package io.rvnt.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.http.Paths;
import io.rvnt.protocol.identity.KeyChecks;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.wire.DeleteResponse;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.protocol.wire.RegisterResponse;
import io.rvnt.protocol.wire.ServerParams;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityAccountsTest {
  @TempDir Path temp;
  private FakeServer server;
  private Keystore keystore;
  private IdentityAccounts accounts;

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    server.on(Paths.PARAMS, 200, ServerParams.newBuilder().setRegisterPowBits(4).setWritePowBits(4)
        .setTimestampWindowMs(60_000).setMaxPrekeysPerUpload(10).setMaxStoredPrekeys(50).setMaxBodyBytes(32768)
        .setProtocolVersion("rvnt-identity/2").setPowSeed(com.google.protobuf.ByteString.copyFrom(new byte[32]))
        .setRegisterPowEffort(16).setWritePowEffort(16).build().toByteArray());
    keystore = Keystore.open(temp.resolve("keystore"));
    IdentityClient client = new IdentityClient(server.uri(),
        new ClientConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), 32768, 1, 24), Clock.systemUTC());
    accounts = new IdentityAccounts(client, keystore, new SecureRandom());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void acceptRegistrations() {
    server.on(Paths.REGISTER, (exchange, body) -> {
      int count;
      try {
        count = WireCodec.decodeRegistration(body).oneTimePreKeys().size();
      } catch (io.rvnt.protocol.identity.ProtocolException e) {
        throw new IOException(e);
      }
      FakeServer.send(exchange, 201, RegisterResponse.newBuilder().setRegisteredAtMs(1).setOneTimePrekeyCount(count)
          .build().toByteArray());
    });
  }

  private Registration lastRegistration() throws Exception {
    return WireCodec.decodeRegistration(server.seen.stream().filter(s -> s.path().equals(Paths.REGISTER))
        .reduce((a, b) -> b).orElseThrow().body());
  }

  @Test
  void registersKeysThatAreStoredLocallyFirst() throws Exception {
    acceptRegistrations();
    IdentityAccounts.Registered registered = accounts.register("alice", 5, done -> {});
    assertThat(registered.oneTimePreKeyCount()).isEqualTo(5);
    Registration sent = lastRegistration();
    KeyChecks.checkRegistration(sent, 10);
    assertThat(sent.identityKey()).isEqualTo(keystore.identity("alice").publicKey());
    assertThat(keystore.oneTimePreKeyIds("alice")).containsExactly(1, 2, 3, 4, 5);
    for (OneTimePreKey key : sent.oneTimePreKeys()) {
      assertThat(keystore.oneTimePreKey("alice", key.id()).publicKey())
          .as("the private half of one-time prekey %d is in the keystore", key.id())
          .isEqualTo(key.publicKey());
    }
    assertThat(keystore.signedPreKey("alice", 1).publicKey()).isEqualTo(sent.signedPreKey().publicKey());
    assertThat(keystore.pqPreKey("alice", 1).publicKey()).isEqualTo(sent.pqPreKey().publicKey());
  }

  @Test
  void removesTheNewKeysWhenTheServerRefusesTheRegistration() {
    server.on(Paths.REGISTER, 409, io.rvnt.protocol.wire.Error.newBuilder().setCode(ErrorCode.USERNAME_TAKEN)
        .setMessage("username taken").build().toByteArray());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> accounts.register("alice", 1, done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThat(keystoreContains("alice")).as("a refused registration leaves no keys").isFalse();
  }

  @Test
  void keepsTheKeysWhenTheOutcomeIsUnknownAndResumesWithThem() throws Exception {
    server.on(Paths.REGISTER, 503, io.rvnt.protocol.wire.Error.newBuilder().setCode(ErrorCode.UNAVAILABLE)
        .build().toByteArray());
    catchThrowableOfType(IdentityClientException.class, () -> accounts.register("alice", 3, done -> {}));
    assertThat(keystoreContains("alice")).as("after a 5xx the keys are kept").isTrue();
    byte[] identityKey = keystore.identity("alice").publicKey();

    server.on(Paths.PREKEY_COUNT, 404, io.rvnt.protocol.wire.Error.newBuilder().setCode(ErrorCode.UNKNOWN_USER)
        .build().toByteArray());
    acceptRegistrations();
    IdentityAccounts.Registered resumed = accounts.register("alice", 3, done -> {});
    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.identityKey()).as("the same identity is registered again").isEqualTo(identityKey);
    assertThat(lastRegistration().oneTimePreKeys()).extracting(OneTimePreKey::id).containsExactly(1, 2, 3);
  }

  @Test
  void refusesToRegisterANameThatIsRegisteredWithTheStoredKeyAlready() throws Exception {
    acceptRegistrations();
    accounts.register("alice", 1, done -> {});
    server.on(Paths.PREKEY_COUNT, 200, PreKeyCount.newBuilder().setOneTimePrekeyCount(1).build().toByteArray());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> accounts.register("alice", 1, done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThat(keystoreContains("alice")).as("the registered keys are never removed").isTrue();
  }

  @Test
  void tellsWhenTheStoredKeysLostTheNameToAnotherIdentity() throws Exception {
    server.on(Paths.REGISTER, 503, io.rvnt.protocol.wire.Error.newBuilder().setCode(ErrorCode.UNAVAILABLE)
        .build().toByteArray());
    catchThrowableOfType(IdentityClientException.class, () -> accounts.register("alice", 0, done -> {}));
    server.on(Paths.PREKEY_COUNT, 401, io.rvnt.protocol.wire.Error.newBuilder()
        .setCode(ErrorCode.BAD_REQUEST_SIGNATURE).build().toByteArray());
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> accounts.register("alice", 0, done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN);
    assertThat(e.getMessage()).contains("another identity key");
    assertThat(keystoreContains("alice")).as("the stored keys are the user's to discard").isTrue();
  }

  @Test
  void refusesMoreOneTimePreKeysThanTheServerTakesPerUpload() {
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> accounts.register("alice", 11, done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_PREKEYS);
    assertThat(keystoreContains("alice")).isFalse();
  }

  @Test
  void addsPreKeysWithIdsAfterTheStoredOnesAndRotates() throws Exception {
    acceptRegistrations();
    accounts.register("alice", 3, done -> {});
    server.on(Paths.PREKEYS, 200, PreKeyCount.newBuilder().setOneTimePrekeyCount(5).build().toByteArray());
    assertThat(accounts.addPreKeys("alice", 2, true, done -> {})).isEqualTo(5);
    PreKeyUpload upload = WireCodec.decodeUpload(server.seen.get(server.seen.size() - 1).body());
    assertThat(upload.oneTimePreKeys()).extracting(OneTimePreKey::id).containsExactly(4, 5);
    assertThat(upload.signedPreKey()).hasValueSatisfying(k -> assertThat(k.id()).isEqualTo(2));
    assertThat(upload.pqPreKey()).hasValueSatisfying(k -> assertThat(k.id()).isEqualTo(2));
    KeyChecks.checkUpload(keystore.identity("alice").publicKey(), upload, 10);
    assertThat(keystore.currentSignedPreKeyId("alice")).hasValue(2);
    assertThat(keystore.oneTimePreKeyIds("alice")).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void refusesAnUploadOfNothing() throws Exception {
    acceptRegistrations();
    accounts.register("alice", 0, done -> {});
    IdentityClientException e = catchThrowableOfType(IdentityClientException.class,
        () -> accounts.addPreKeys("alice", 0, false, done -> {}));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void deletesTheLocalEntryOnlyAfterTheServerConfirmed() throws Exception {
    acceptRegistrations();
    accounts.register("alice", 0, done -> {});
    server.on(Paths.IDENTITY, 401, io.rvnt.protocol.wire.Error.newBuilder()
        .setCode(ErrorCode.BAD_REQUEST_SIGNATURE).build().toByteArray());
    catchThrowableOfType(IdentityClientException.class, () -> accounts.delete("alice", done -> {}));
    assertThat(keystoreContains("alice")).as("kept while the server has not confirmed").isTrue();

    server.on(Paths.IDENTITY, 200, DeleteResponse.newBuilder().setDeleted(true).build().toByteArray());
    accounts.delete("alice", done -> {});
    assertThat(keystoreContains("alice")).isFalse();
  }

  private boolean keystoreContains(String username) {
    try {
      return keystore.contains(username);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

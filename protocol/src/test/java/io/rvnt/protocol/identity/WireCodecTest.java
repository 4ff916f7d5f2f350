package io.rvnt.protocol.identity;

import static io.rvnt.protocol.identity.ProtocolException.Reason.MALFORMED_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rvnt.protocol.wire.Bundle;
import io.rvnt.protocol.wire.RegisterRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private final TestKeys keys = new TestKeys(3);

  @Test
  void registrationSurvivesARoundTrip() throws ProtocolException {
    Registration registration = keys.registration("alice", 5);
    assertThat(WireCodec.decodeRegistration(WireCodec.encodeRegistration(registration))).isEqualTo(registration);
  }

  @Test
  void uploadSurvivesARoundTripWithAndWithoutRotation() throws ProtocolException {
    PreKeyUpload plain = new PreKeyUpload(keys.oneTimePreKeys(10, 3), Optional.empty(), Optional.empty());
    PreKeyUpload rotating = new PreKeyUpload(List.of(), Optional.of(keys.signedPreKey(2)), Optional.of(keys.pqPreKey(3)));
    assertThat(WireCodec.decodeUpload(WireCodec.encodeUpload(plain))).isEqualTo(plain);
    assertThat(WireCodec.decodeUpload(WireCodec.encodeUpload(rotating))).isEqualTo(rotating);
  }

  @Test
  void bundleSurvivesARoundTripWithAndWithoutAOneTimePreKey() throws ProtocolException {
    PublicBundle with = new PublicBundle("alice", keys.identityKey(), keys.signedPreKey(1), keys.pqPreKey(1),
        Optional.of(keys.oneTimePreKeys(7, 1).get(0)));
    PublicBundle without = new PublicBundle("alice", keys.identityKey(), keys.signedPreKey(1), keys.pqPreKey(1),
        Optional.empty());
    assertThat(WireCodec.decodeBundle(WireCodec.encodeBundle(with))).isEqualTo(with);
    assertThat(WireCodec.decodeBundle(WireCodec.encodeBundle(without))).isEqualTo(without);
  }

  @Test
  void unsignedIdsAboveTwoToTheThirtyOneSurvive() throws ProtocolException {
    PreKeyUpload upload = new PreKeyUpload(keys.oneTimePreKeys(0xfffffff0, 2), Optional.empty(), Optional.empty());
    assertThat(WireCodec.decodeUpload(WireCodec.encodeUpload(upload)).oneTimePreKeys().get(1).id())
        .isEqualTo(0xfffffff1);
  }

  @Test
  void refusesARegistrationThatIsNotProtobuf() {
    ProtocolException e = catchThrowableOfType(
        ProtocolException.class, () -> WireCodec.decodeRegistration(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void refusesATruncatedRegistration() {
    byte[] body = WireCodec.encodeRegistration(keys.registration("alice", 1));
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 5);
    ProtocolException e = catchThrowableOfType(
        ProtocolException.class, () -> WireCodec.decodeRegistration(truncated));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void refusesARegistrationWithoutASignedPreKey() throws Exception {
    byte[] body = RegisterRequest.parseFrom(WireCodec.encodeRegistration(keys.registration("alice", 0)))
        .toBuilder().clearSignedPrekey().build().toByteArray();
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> WireCodec.decodeRegistration(body));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void refusesARegistrationWithoutAPqPreKey() throws Exception {
    byte[] body = RegisterRequest.parseFrom(WireCodec.encodeRegistration(keys.registration("alice", 0)))
        .toBuilder().clearPqPrekey().build().toByteArray();
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> WireCodec.decodeRegistration(body));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void anEmptyRegistrationBodyDecodesToEmptyFieldsThatTheChecksRefuse() throws ProtocolException {
    byte[] body = RegisterRequest.newBuilder()
        .setSignedPrekey(io.rvnt.protocol.wire.SignedPreKey.getDefaultInstance())
        .setPqPrekey(io.rvnt.protocol.wire.PqPreKey.getDefaultInstance())
        .build().toByteArray();
    Registration registration = WireCodec.decodeRegistration(body);
    assertThat(registration.username()).isEmpty();
    assertThat(registration.identityKey()).isEmpty();
  }

  @Test
  void refusesAnUploadThatIsNotProtobuf() {
    ProtocolException e = catchThrowableOfType(
        ProtocolException.class, () -> WireCodec.decodeUpload(new byte[] {0x0a, 0x05, 0x01}));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void refusesABundleWithoutPrekeys() {
    byte[] body = Bundle.newBuilder().setUsername("alice").build().toByteArray();
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> WireCodec.decodeBundle(body));
    assertThat(e.reason()).isEqualTo(MALFORMED_REQUEST);
  }

  @Test
  void recordsCopyTheirArraysInAndOut() {
    byte[] key = keys.identityKey();
    byte[] original = key.clone();
    OneTimePreKey preKey = new OneTimePreKey(1, key);
    key[0] ^= 1;
    assertThat(preKey.publicKey()).as("mutating the caller's array changes nothing").isEqualTo(original);
    preKey.publicKey()[0] ^= 1;
    assertThat(preKey.publicKey()).as("mutating a returned array changes nothing").isEqualTo(original);
  }

  @Test
  void recordsCompareByContentAndNeverPrintWholeKeys() {
    SignedPreKey a = keys.signedPreKey(1);
    SignedPreKey b = new SignedPreKey(1, a.publicKey(), a.signature());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).doesNotContain(java.util.HexFormat.of().formatHex(a.publicKey()));
  }
}

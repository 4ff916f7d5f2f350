package io.rvnt.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The identity protocol's protobuf bodies (spec §7, FUZZING.md): each decodes to a typed {@link ProtocolException}
 * (MALFORMED_REQUEST) or to a value whose encoding decodes and encodes again to the same bytes; the key checks behind
 * decoding answer with a typed error too. Protobuf admits several encodings of one message (field order, unknown
 * fields), so the reference is the value's own encoding, not the input.
 */
class WireCodecFuzzTest {
  private static final int MAX_PER_UPLOAD = 100;

  @FuzzTest
  void registrationIsTypedErrorOrAStableEncoding(byte[] body) throws ProtocolException {
    Registration registration;
    try {
      registration = WireCodec.decodeRegistration(body);
    } catch (ProtocolException expected) {
      assertThat(expected.reason()).isEqualTo(ProtocolException.Reason.MALFORMED_REQUEST);
      return;
    }
    byte[] encoded = WireCodec.encodeRegistration(registration);
    assertThat(WireCodec.encodeRegistration(WireCodec.decodeRegistration(encoded))).isEqualTo(encoded);
    try {
      KeyChecks.checkRegistration(registration, MAX_PER_UPLOAD);
    } catch (ProtocolException refused) {
      assertThat(refused.reason()).isNotNull();
    }
  }

  @FuzzTest
  void uploadIsTypedErrorOrAStableEncoding(byte[] body) throws ProtocolException {
    PreKeyUpload upload;
    try {
      upload = WireCodec.decodeUpload(body);
    } catch (ProtocolException expected) {
      assertThat(expected.reason()).isEqualTo(ProtocolException.Reason.MALFORMED_REQUEST);
      return;
    }
    byte[] encoded = WireCodec.encodeUpload(upload);
    assertThat(WireCodec.encodeUpload(WireCodec.decodeUpload(encoded))).isEqualTo(encoded);
    try {
      KeyChecks.checkUpload(new byte[32], upload, MAX_PER_UPLOAD);
    } catch (ProtocolException refused) {
      assertThat(refused.reason()).isNotNull();
    }
  }

  @FuzzTest
  void bundleIsTypedErrorOrAStableEncoding(byte[] body) throws ProtocolException {
    PublicBundle bundle;
    try {
      bundle = WireCodec.decodeBundle(body);
    } catch (ProtocolException expected) {
      assertThat(expected.reason()).isEqualTo(ProtocolException.Reason.MALFORMED_REQUEST);
      return;
    }
    byte[] encoded = WireCodec.encodeBundle(bundle);
    assertThat(WireCodec.encodeBundle(WireCodec.decodeBundle(encoded))).isEqualTo(encoded);
  }
}

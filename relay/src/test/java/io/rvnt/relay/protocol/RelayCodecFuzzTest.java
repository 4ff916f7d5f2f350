package io.rvnt.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The relay protocol's messages (FUZZING.md): requests as a relay reads them, responses as a client reads them.
 * Each is a typed {@link RelayException}, or a value whose encoding decodes and encodes again to the same bytes
 * (protobuf admits several encodings of one message, so the reference is the value's own encoding).
 */
class RelayCodecFuzzTest {
  private static final RelayCodec CODEC = new RelayCodec(RelayCodec.DEFAULT_MAX_IDS, RelayCodec.DEFAULT_MAX_IDS);

  @FuzzTest
  void requestIsTypedErrorOrAStableEncoding(byte[] bytes) {
    RelayRequest request;
    try {
      request = CODEC.decodeRequest(bytes);
    } catch (RelayException expected) {
      assertThat(expected.status()).isIn(RelayStatus.MALFORMED, RelayStatus.TOO_MANY_IDS);
      return;
    }
    byte[] encoded = CODEC.encodeRequest(request);
    assertThat(CODEC.encodeRequest(CODEC.decodeRequest(encoded))).as("a request has one stable encoding")
        .isEqualTo(encoded);
  }

  @FuzzTest
  void responseIsTypedErrorOrAStableEncoding(byte[] bytes) {
    RelayResponse response;
    try {
      response = CODEC.decodeResponse(bytes);
    } catch (RelayException expected) {
      assertThat(expected.status()).isIn(RelayStatus.MALFORMED, RelayStatus.TOO_MANY_IDS);
      return;
    }
    byte[] encoded = CODEC.encodeResponse(response);
    assertThat(CODEC.encodeResponse(CODEC.decodeResponse(encoded))).as("a response has one stable encoding")
        .isEqualTo(encoded);
  }
}

package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.p2p.core.P2pException;

/**
 * The Noise handshake payload a peer sends (FUZZING.md): a typed {@link P2pException} (HANDSHAKE_FAILED), or a
 * payload whose encoding decodes to the same payload and encodes to the same bytes again.
 */
class NoisePayloadFuzzTest {

  @FuzzTest
  void decodeIsTypedErrorOrAStableEncoding(byte[] data) {
    NoisePayload payload;
    try {
      payload = NoisePayload.decode(data);
    } catch (P2pException expected) {
      assertThat(expected.reason()).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
      return;
    }
    assertThat(payload.streamMuxers()).hasSizeLessThanOrEqualTo(NoisePayload.MAX_MUXERS);
    byte[] canonical = payload.encode();
    NoisePayload again = NoisePayload.decode(canonical);
    assertThat(again.identityKey()).isEqualTo(payload.identityKey());
    assertThat(again.identitySig()).isEqualTo(payload.identitySig());
    assertThat(again.streamMuxers()).isEqualTo(payload.streamMuxers());
    assertThat(again.encode()).as("the encoding of a decoded payload is stable").isEqualTo(canonical);
  }
}

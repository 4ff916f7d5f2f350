package io.rvnt.dht.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.DhtException;

/**
 * Kademlia messages from peers (FUZZING.md): a typed {@link DhtException} (MALFORMED_MESSAGE or TOO_LARGE), or a
 * message whose encoding decodes and encodes again to the same bytes. Unknown fields, skipped peers and addresses
 * make the input differ from that encoding, so the reference is the message's own encoding.
 */
class KadCodecFuzzTest {
  private static final KadCodec CODEC = KadCodec.of(DhtConfig.DEFAULTS);

  @FuzzTest
  void messageIsTypedErrorOrAStableEncoding(byte[] bytes) {
    KadMessage response;
    try {
      response = CODEC.decodeResponse(bytes);
    } catch (DhtException expected) {
      assertThat(expected.reason()).isIn(DhtException.Reason.MALFORMED_MESSAGE, DhtException.Reason.TOO_LARGE);
      return;
    }
    byte[] encoded = CODEC.encode(response);
    assertThat(CODEC.encode(CODEC.decodeResponse(encoded))).as("a decoded message has one stable encoding")
        .isEqualTo(encoded);
    try {
      KadMessage request = CODEC.decodeRequest(bytes);
      assertThat(CODEC.encode(request)).as("a request decodes as its response does").isEqualTo(encoded);
    } catch (DhtException refused) {
      assertThat(refused.reason()).isEqualTo(DhtException.Reason.MALFORMED_MESSAGE);
    }
  }
}

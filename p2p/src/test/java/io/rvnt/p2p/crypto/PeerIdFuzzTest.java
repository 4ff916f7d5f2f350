package io.rvnt.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * PeerIds from the wire (multihash bytes) and from text (base58 or CID), FUZZING.md: a typed {@link
 * CryptoException}, or a PeerId that re-encodes to the same bytes and parses back from its text.
 */
class PeerIdFuzzTest {

  @FuzzTest
  void bytesAreTypedErrorOrReEncodeToTheSameBytes(byte[] bytes) {
    PeerId peer;
    try {
      peer = PeerId.fromBytes(bytes);
    } catch (CryptoException expected) {
      assertThat(expected.reason()).isEqualTo(CryptoException.Reason.MALFORMED_PEER_ID);
      return;
    }
    assertThat(peer.bytes()).as("a PeerId re-encodes to its bytes").isEqualTo(bytes);
    assertThat(PeerId.parse(peer.toBase58())).isEqualTo(peer);
    assertThat(PeerId.parse(peer.toCid().toString())).isEqualTo(peer);
  }

  @FuzzTest
  void textIsTypedErrorOrRoundTrips(byte[] utf8) {
    String text = new String(utf8, StandardCharsets.UTF_8);
    PeerId peer;
    try {
      peer = PeerId.parse(text);
    } catch (CryptoException expected) {
      assertThat(expected.reason()).isEqualTo(CryptoException.Reason.MALFORMED_PEER_ID);
      return;
    }
    assertThat(PeerId.fromBytes(peer.bytes())).isEqualTo(peer);
    assertThat(PeerId.parse(peer.toBase58())).isEqualTo(peer);
  }
}

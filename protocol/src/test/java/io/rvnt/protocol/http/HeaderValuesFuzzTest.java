package io.rvnt.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.protocol.pow.PowProof;
import io.rvnt.protocol.pow.ProofOfWork;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The values of the signed-request headers (spec §5) and of the proof-of-work header and its nonce (spec §6.1),
 * FUZZING.md: each is refused (empty) or has one spelling, the one its value formats to.
 */
class HeaderValuesFuzzTest {

  @FuzzTest
  void headerValuesAreRefusedOrHaveOneSpelling(byte[] bytes) {
    // Netty hands header values over as ISO-8859-1 text: every byte is one char.
    String header = new String(bytes, StandardCharsets.ISO_8859_1);
    OptionalLong timestamp = AuthHeaders.parseTimestamp(header);
    if (timestamp.isPresent()) {
      assertThat(AuthHeaders.formatTimestamp(timestamp.getAsLong())).isEqualTo(header);
    }
    Optional<byte[]> signature = AuthHeaders.parseSignature(header);
    if (signature.isPresent()) {
      assertThat(AuthHeaders.formatSignature(signature.get())).isEqualTo(header);
    }
    OptionalLong nonce = ProofOfWork.parseNonce(header);
    if (nonce.isPresent()) {
      assertThat(ProofOfWork.formatNonce(nonce.getAsLong())).isEqualTo(header);
    }
    Optional<PowProof> proof = PowProof.parse(header);
    if (proof.isPresent()) {
      assertThat(proof.get().header()).isEqualTo(header);
    }
  }
}

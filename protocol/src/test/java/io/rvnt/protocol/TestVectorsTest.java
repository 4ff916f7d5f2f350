package io.rvnt.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.Edwards25519;
import io.rvnt.protocol.crypto.TorsionSignatures;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.identity.KeyChecks;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowProof;
import io.rvnt.protocol.pow.ProofOfWork;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of spec §11 are read from docs/identity-protocol.md and recomputed from their inputs, so the
 * document and the code cannot drift apart. Ed25519 signatures are deterministic, hence every value is exact.
 */
class TestVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String BLOCK_START = "```text rvnt-test-vectors";
  private static Map<String, String> documented;

  @BeforeAll
  static void readTheSpec() throws IOException {
    Path spec = Path.of("..", "docs", "identity-protocol.md");
    assertThat(spec).as("the spec, read from the protocol module's directory").exists();
    documented = parseVectors(Files.readAllLines(spec, StandardCharsets.UTF_8));
  }

  static Map<String, String> parseVectors(List<String> lines) {
    Map<String, String> vectors = new LinkedHashMap<>();
    int start = lines.indexOf(BLOCK_START);
    assertThat(start).as("the spec has a block opened by '%s'", BLOCK_START).isNotNegative();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.equals("```")) {
        return vectors;
      }
      int equals = line.indexOf(" = ");
      assertThat(equals).as("vector line '%s' is 'name = value'", line).isPositive();
      String previous = vectors.put(line.substring(0, equals), line.substring(equals + 3));
      assertThat(previous).as("no vector is listed twice").isNull();
    }
    throw new AssertionError("the test vectors block is not closed");
  }

  @Test
  void everyDocumentedValueIsWhatTheCodeComputes() {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String name : TestVectors.INPUTS) {
      assertThat(documented).as("input %s is documented", name).containsKey(name);
      inputs.put(name, documented.get(name));
    }
    Map<String, String> computed = TestVectors.compute(inputs);
    assertThat(documented.keySet()).as("the same names, in the same order")
        .containsExactlyElementsOf(computed.keySet());
    computed.forEach((name, value) ->
        assertThat(documented.get(name)).as("spec §11 %s", name).isEqualTo(value));
  }

  @Test
  void theDocumentedSignaturesVerify() {
    byte[] identityKey = hex("identity_public_key");
    assertThat(Ed25519.verify(identityKey, hex("signed_prekey_signed_bytes"), hex("signed_prekey_signature")))
        .isTrue();
    assertThat(Ed25519.verify(identityKey, hex("request_signed_bytes"), hex("request_signature"))).isTrue();
    assertThat(AuthHeaders.parseSignature(documented.get("request_signature_header")))
        .hasValueSatisfying(s -> assertThat(s).isEqualTo(hex("request_signature")));
  }

  @Test
  void theDocumentedCofactoredOnlySignatureIsRefused() {
    byte[] identityKey = hex("identity_public_key");
    byte[] message = hex("signed_prekey_signed_bytes");
    byte[] signature = hex("cofactored_only_signature");
    assertThat(Edwards25519.Point.decode(hex("order8_point")).times(BigInteger.valueOf(4)))
        .as("order8_point has order 8: four times it is not the neutral element").isNotEqualTo(Edwards25519.NEUTRAL);
    assertThat(Edwards25519.Point.decode(hex("order8_point")).times(BigInteger.valueOf(8)))
        .isEqualTo(Edwards25519.NEUTRAL);
    assertThat(TorsionSignatures.cofactoredHolds(identityKey, message, signature))
        .as("[8]SB = [8]R + [8]kA holds").isTrue();
    assertThat(TorsionSignatures.cofactorlessHolds(identityKey, message, signature))
        .as("SB = R + kA does not").isFalse();
    assertThat(Ed25519.verify(identityKey, message, signature)).as("spec §4: refused").isFalse();
  }

  @Test
  void theDocumentedRegistrationPassesEveryCheck() throws Exception {
    Registration registration = WireCodec.decodeRegistration(hex("register_request_body"));
    KeyChecks.checkRegistration(registration, 100);
    assertThat(registration.username()).isEqualTo(documented.get("username"));
  }

  @Test
  void theDocumentedProofsCarryTheirEffortOnTheDocumentedSeed() {
    for (String kind : List.of("register", "write")) {
      PowProof proof = PowProof.parse(documented.get(kind + "_pow_header")).orElseThrow();
      assertThat(proof.seed()).as("spec §11 %s proof's seed", kind).isEqualTo(hex("pow_seed"));
      long effort = Long.parseLong(documented.get(kind + "_pow_effort"));
      assertThat(proof.effort()).isEqualTo(effort);
      byte[] hash = ProofOfWork.hash(hex(kind + "_pow_challenge"), proof.nonce());
      assertThat(hash).isEqualTo(hex(kind + "_pow_hash"));
      assertThat(ProofOfWork.meetsEffort(hash, effort)).as("spec §6.1: %s meets its effort", kind).isTrue();
      assertThat(ProofOfWork.meetsEffort(hash, effort * 1000)).as("but not a thousand times more").isFalse();
      long floor = ProofOfWork.effortOfBits(Integer.parseInt(documented.get(kind + "_pow_bits")));
      assertThat(effort).as("spec §6.5: the effort is at least the floor").isGreaterThanOrEqualTo(floor);
    }
  }

  @Test
  void requestSignedBytesAreTheSixLinesOfSection5() {
    String text = new String(hex("request_signed_bytes"), StandardCharsets.UTF_8);
    assertThat(text.split("\n", -1)).containsExactly(
        "rvnt-identity/1 request",
        documented.get("request_method"),
        documented.get("request_path"),
        documented.get("username"),
        documented.get("request_timestamp"),
        sha256Hex(hex("request_body")));
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] hex(String name) {
    assertThat(documented).containsKey(name);
    return HEX.parseHex(documented.get(name));
  }
}

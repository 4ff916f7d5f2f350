package io.rvnt.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.pow.ProofOfWork;
import java.io.IOException;
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
 * The test vectors of spec §12 are read from docs/relay-protocol.md and recomputed from their inputs, so the
 * document and the code cannot drift apart; the documented requests decode and verify as the relay would.
 */
class TestVectorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String BLOCK_START = "```text rvnt-relay-test-vectors";
  private static Map<String, String> documented;

  @BeforeAll
  static void readTheSpec() throws IOException {
    Path spec = Path.of("..", "docs", "relay-protocol.md");
    assertThat(spec).as("the spec, read from the relay module's directory").exists();
    List<String> lines = Files.readAllLines(spec, StandardCharsets.UTF_8);
    documented = new LinkedHashMap<>();
    int start = lines.indexOf(BLOCK_START);
    assertThat(start).as("the spec has a block opened by '%s'", BLOCK_START).isNotNegative();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.equals("```")) {
        return;
      }
      int equals = line.indexOf(" = ");
      assertThat(equals).as("vector line '%s' is 'name = value'", line).isPositive();
      assertThat(documented.put(line.substring(0, equals), line.substring(equals + 3))).as("listed once").isNull();
    }
    throw new AssertionError("the test vectors block is not closed");
  }

  @Test
  void everyDocumentedValueIsWhatTheCodeComputes() {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String name : RelayTestVectors.INPUTS) {
      assertThat(documented).as("input %s is documented", name).containsKey(name);
      inputs.put(name, documented.get(name));
    }
    Map<String, String> computed = RelayTestVectors.compute(inputs);
    assertThat(documented.keySet()).as("the same names, in the same order")
        .containsExactlyElementsOf(computed.keySet());
    computed.forEach((name, value) -> assertThat(documented.get(name)).as("spec §12 %s", name).isEqualTo(value));
  }

  @Test
  void theDocumentedRequestsDecodeAndTheirSignaturesVerify() {
    RelayCodec codec = new RelayCodec(RelayCodec.DEFAULT_MAX_IDS, RelayCodec.DEFAULT_MAX_IDS);
    byte[] publicKey = hex("mailbox_public_key");
    RelayRequest.CollectRequest collect = (RelayRequest.CollectRequest) codec.decodeRequest(hex("collect_request"));
    assertThat(collect.maxEnvelopes()).isEqualTo(Integer.parseInt(documented.get("max_envelopes")));
    assertThat(collect.acknowledged()).singleElement().isEqualTo(hex("envelope_id"));
    assertThat(Ed25519.verify(publicKey, hex("collect_signed_bytes"), collect.owner().signature())).isTrue();
    RelayRequest.RegisterDepositsRequest register =
        (RelayRequest.RegisterDepositsRequest) codec.decodeRequest(hex("register_request"));
    assertThat(register.depositIds()).singleElement().isEqualTo(hex("deposit_id"));
    assertThat(Ed25519.verify(publicKey, hex("register_signed_bytes"), register.owner().signature())).isTrue();
    RelayRequest.CreateMailboxRequest create =
        (RelayRequest.CreateMailboxRequest) codec.decodeRequest(hex("create_request"));
    assertThat(ProofOfWork.meets(ProofOfWork.hash(hex("create_pow_challenge"), create.powNonce()),
        Integer.parseInt(documented.get("create_pow_bits")))).isTrue();
    assertThat(codec.decodeResponse(hex("refusal_response")).status()).isEqualTo(RelayStatus.QUOTA_EXCEEDED);
  }

  @Test
  void signedBytesAreTheLabelTheRelayTheChallengeTheKeyAndThePayload() {
    byte[] signed = hex("collect_signed_bytes");
    String expected = HEX.formatHex("rvnt-relay/1 collect".getBytes(StandardCharsets.US_ASCII)) + "00"
        + documented.get("relay_peer_id") + documented.get("challenge") + documented.get("mailbox_public_key")
        + "00000010" + documented.get("envelope_id");
    assertThat(HEX.formatHex(signed)).isEqualTo(expected);
  }

  private static byte[] hex(String name) {
    assertThat(documented).containsKey(name);
    return HEX.parseHex(documented.get(name));
  }
}

package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.core.RelayLimits;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.testsupport.JsonLinesPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A js-libp2p client written from docs/relay-protocol.md alone (p2p/src/test/js/relay-client.mjs, protobuf by hand)
 * against the Java relay, over TCP and over QUIC: it creates a mailbox, registers deposit ids, deposits into a
 * mailbox the Java client made, and collects what the Java client deposited into its own.
 */
class JsRelayInteropIT {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final RelayLimits LIMITS = RelayLimits.DEFAULTS.toBuilder().createPowBits(8).build();

  @TempDir Path dir;

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"tcp", "quic"})
  void aJsClientDepositsAndCollectsAgainstTheJavaRelay(String transport) throws Exception {
    Path js = Path.of(System.getProperty("rvnt.js.dir", "../p2p/src/test/js"));
    JsonLinesPeer peer = JsonLinesPeer.startNode(js, "@chainsafe/libp2p-quic", List.of(), "relay-client.mjs",
        List.of(transport), ProcessBuilder.Redirect.INHERIT);
    try (TestRelay relay = TestRelay.start(dir.resolve("relay"), LIMITS);
        RelayClient java = RelayClient.start(Duration.ofSeconds(30))) {
      Multiaddr address = transport.equals("tcp") ? relay.tcp() : relay.quic();
      int today = Days.today(relay.clock);

      Map<String, Object> hello = ok(peer, Map.of("cmd", "hello", "relay", address.toString()));
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) hello.get("params");
      assertThat(((Number) params.get("day")).intValue()).as("the relay's day, decoded by js").isEqualTo(today);
      assertThat(((List<?>) params.get("blobSizes")).stream().map(n -> ((Number) n).intValue()).toList())
          .isEqualTo(Padding.SIZES);

      // js is the recipient, Java the sender.
      String jsSeed = hex(32);
      String secretToJs = hex(32);
      assertThat(ok(peer, Map.of("cmd", "create", "relay", address.toString(), "seed", jsSeed, "powBits", 8))
          .get("status")).isEqualTo("OK");
      Map<String, Object> registered = ok(peer, Map.of("cmd", "register", "relay", address.toString(), "seed", jsSeed,
          "day", today, "secrets", secretToJs));
      assertThat(registered.get("status")).isEqualTo("OK");
      byte[] javaDepositId = RelayIds.depositId(HEX.parseHex(secretToJs), relay.peerId(), today);
      assertThat(registered.get("depositIds")).as("js derives the deposit id as Java does")
          .isEqualTo(List.of(HEX.formatHex(javaDepositId)));

      // Java is the recipient, js the sender.
      MailboxKey javaKey = MailboxKey.fromSeed(HEX.parseHex(hex(32)));
      String secretToJava = hex(32);
      try (RelaySession session = java.connect(address)) {
        session.createMailbox(javaKey, 8);
        session.register(javaKey, today, List.of(RelayIds.depositId(HEX.parseHex(secretToJava), relay.peerId(),
            today)));
        session.deposit(javaDepositId, Padding.pad("from Java over ".concat(transport)
            .getBytes(StandardCharsets.UTF_8)));

        Map<String, Object> deposited = ok(peer, Map.of("cmd", "deposit", "relay", address.toString(),
            "secret", secretToJava, "day", today, "message", "from js over " + transport));
        assertThat(deposited.get("status")).isEqualTo("OK");
        RelaySession.Batch got = session.collect(javaKey, List.of(), 10);
        assertThat(got.envelopes()).hasSize(1);
        assertThat(Padding.unpad(got.envelopes().get(0).blob()).map(b -> new String(b, StandardCharsets.UTF_8)))
            .hasValue("from js over " + transport);
        assertThat(HEX.formatHex(got.envelopes().get(0).id())).as("js computes the envelope id as the relay does")
            .isEqualTo(deposited.get("envelopeId"));
      }

      Map<String, Object> collected = ok(peer, Map.of("cmd", "collect", "relay", address.toString(), "seed", jsSeed,
          "max", 10, "ack", ""));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> envelopes = (List<Map<String, Object>>) collected.get("envelopes");
      assertThat(envelopes).hasSize(1);
      assertThat(envelopes.get(0).get("message")).isEqualTo("from Java over " + transport);
      assertThat(envelopes.get(0).get("id")).as("the relay names an envelope by the hash of its blob (spec)")
          .isEqualTo(envelopes.get(0).get("blobId"));
      assertThat(((Number) envelopes.get(0).get("day")).intValue()).isEqualTo(today);
      Map<String, Object> after = ok(peer, Map.of("cmd", "collect", "relay", address.toString(), "seed", jsSeed,
          "max", 10, "ack", envelopes.get(0).get("id")));
      assertThat((List<?>) after.get("envelopes")).as("acknowledged by js: gone").isEmpty();
      assertThat(relay.node.counters().snapshot().envelopesHeld()).isEqualTo(1);
    } finally {
      peer.close();
    }
  }

  private static Map<String, Object> ok(JsonLinesPeer peer, Map<String, ?> command)
      throws IOException, InterruptedException {
    Map<String, Object> arguments = new LinkedHashMap<>(command);
    Object name = arguments.remove("cmd");
    Map<String, Object> reply = peer.request((String) name, arguments, JsonLinesPeer.REPLY_DEADLINE);
    assertThat(reply.get("ok")).as("js %s: %s", command.get("cmd"), reply.get("error")).isEqualTo(true);
    return reply;
  }

  private static String hex(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}

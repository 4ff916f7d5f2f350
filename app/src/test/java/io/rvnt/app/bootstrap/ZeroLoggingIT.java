package io.rvnt.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.rvnt.app.AggregateLogLines;
import io.rvnt.dht.record.PresenceRecordValidator;
import io.rvnt.dht.record.PresenceRecords;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.UnsignedVarint;
import io.rvnt.protocol.kad.Message;
import io.rvnt.protocol.kad.Record;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.JsonLinesPeer;
import io.rvnt.testsupport.Leaks;
import io.rvnt.testsupport.MetricSamples;
import io.rvnt.testsupport.RvntProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 for the bootstrap node: run at the most verbose level under js-libp2p traffic (TCP and QUIC dials,
 * identify, ping, Kademlia FIND_NODE, PUT_VALUE and GET_VALUE, refused records, malformed messages), the process
 * prints no peer id, address, port, record key or value of its peers, and its data directory holds none of them
 * outside RocksDB's data files. The js peers are the scripts of p2p/src/test/js.
 *
 * <p>What is scanned on disk: every file but RocksDB's {@code *.sst} tables, {@code *.log} write-ahead logs and
 * {@code MANIFEST-*} (which lists the tables' smallest and largest keys). Those three hold the records themselves,
 * and storing presence records, which name peers, is what a bootstrap node is for. {@code CURRENT}, {@code IDENTITY},
 * {@code LOCK}, {@code OPTIONS-*} and {@code peer.key} are RocksDB's bookkeeping and the node's own key: they are
 * read and must hold nothing about a peer. Any other file, RocksDB's info {@code LOG} above all, fails the test.
 *
 * <p>The periodic aggregate lines, logged every second here, are part of the output checked: fixed text and numbers
 * only, their periods adding up to the counters of /metrics.
 */
class ZeroLoggingIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Path JS = Path.of(System.getProperty("rvnt.js.dir", "../p2p/src/test/js"));
  private static final String KAD = "/rvnt/kad/1.0.0";
  private static final Pattern ADMIN = Pattern.compile("^admin listener on (http://\\S+)$", Pattern.MULTILINE);
  private static final Pattern LISTENING = Pattern.compile("^listening on (\\S+)$", Pattern.MULTILINE);
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Each js peer's stderr, for diagnosis: never part of what is checked. */
  private static final ProcessBuilder.Redirect JS_LOG =
      ProcessBuilder.Redirect.appendTo(Path.of("target", "js-bootstrap-zero-logging.log").toFile());

  @TempDir Path dir;

  @Test
  void nothingAboutPeersReachesTheOutputOrTheDataDirectoryAtTraceLevel() throws Exception {
    Path data = dir.resolve("data");
    List<String> secrets = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    String nodeId;
    RvntProcess node = RvntProcess.start(List.of("-Xmx256m"), List.of("bootstrap", "--data-dir", data.toString(),
        "--listen", "/ip4/127.0.0.1/udp/0/quic-v1", "--listen", "/ip4/127.0.0.1/tcp/0", "--admin", "127.0.0.1:0",
        "--log-level", "trace", "--aggregate-log-interval", "1s"));
    try (node) {
      URI admin = URI.create(node.awaitStdout(ADMIN, DEADLINE).group(1));
      List<String> listening = listening(node.stdout());
      String tcp = listening.stream().filter(a -> a.contains("/tcp/")).findFirst().orElseThrow();
      String quic = listening.stream().filter(a -> a.contains("/quic-v1/")).findFirst().orElseThrow();
      nodeId = tcp.substring(tcp.indexOf("/p2p/") + "/p2p/".length());

      // A user's presence record (stored), another's record forged by a third key (refused), a record of a
      // namespace the node has no validator for (refused).
      PrivKey user = Keys.generateEd25519(RANDOM);
      PrivKey victim = Keys.generateEd25519(RANDOM);
      PrivKey forger = Keys.generateEd25519(RANDOM);
      byte[] userKey = PresenceRecordValidator.key(PeerId.fromPublicKey(user.publicKey()));
      byte[] userRecord = PresenceRecords.sign(user, List.of(), 1, Instant.now().plus(Duration.ofHours(1)));
      byte[] victimKey = PresenceRecordValidator.key(PeerId.fromPublicKey(victim.publicKey()));
      byte[] forged = PresenceRecords.sign(forger, List.of(), 1, Instant.now().plus(Duration.ofHours(1)));
      byte[] testKey = "/test/zqxsecret-record-key".getBytes(StandardCharsets.US_ASCII);
      byte[] testValue = "zqxsecret-record-value".getBytes(StandardCharsets.US_ASCII);
      for (PrivKey k : List.of(user, victim, forger)) {
        secrets.addAll(peerIdForms(PeerId.fromPublicKey(k.publicKey())));
      }
      for (byte[] b : List.of(userKey, userRecord, victimKey, forged)) {
        secrets.addAll(Leaks.byteForms(b));
      }
      secrets.addAll(List.of("zqxsecret", HEX.formatHex("zqxsecret".getBytes(StandardCharsets.US_ASCII))));

      try (JsonLinesPeer tcpPeer = js("libp2p", "peer.mjs");
          JsonLinesPeer quicPeer = js("@chainsafe/libp2p-quic", "quic-peer.mjs");
          JsonLinesPeer writer = js("@libp2p/kad-dht", "dht-peer.mjs", "--accept-namespace", "rvnt-presence");
          JsonLinesPeer reader = js("@libp2p/kad-dht", "dht-peer.mjs", "--accept-namespace", "rvnt-presence")) {
        for (JsonLinesPeer peer : List.of(tcpPeer, quicPeer, writer, reader)) {
          secrets.addAll(peerIdForms(PeerId.parse(peer.peerId())));
          peer.addresses().forEach(a -> ports.add(a.split("/")[4]));
        }

        ok(tcpPeer, "cmd", "dial", "addr", tcp);
        ok(tcpPeer, "cmd", "ping", "addr", tcp);
        ok(tcpPeer, "cmd", "identify", "peer", nodeId, "protocol", KAD);
        ok(quicPeer, "cmd", "dial", "addr", quic);
        ok(quicPeer, "cmd", "ping", "addr", quic);
        Map<String, Object> identified = ok(quicPeer, "cmd", "identify", "addr", quic);
        assertThat(String.valueOf(identified.get("observedAddr"))).as("the node told the QUIC peer its address")
            .contains("/udp/");
        ports.add(String.valueOf(identified.get("observedAddr")).split("/")[4]);

        for (JsonLinesPeer dht : List.of(writer, reader)) {
          ok(dht, "cmd", "dial", "addr", tcp);
          ok(dht, "cmd", "awaitRoutingTable", "count", 1);
        }
        ok(writer, "cmd", "getClosestPeers", "key", HEX.formatHex(new byte[] {1, 2, 3, 4}));
        ok(writer, "cmd", "put", "key", HEX.formatHex(userKey), "value", HEX.formatHex(userRecord));
        ok(writer, "cmd", "put", "key", HEX.formatHex(victimKey), "value", HEX.formatHex(forged));
        ok(writer, "cmd", "put", "key", HEX.formatHex(testKey), "value", HEX.formatHex(testValue));
        assertThat(ok(reader, "cmd", "get", "key", HEX.formatHex(userKey)).get("value"))
            .as("the stored record is served back").isEqualTo(HEX.formatHex(userRecord));
        ok(reader, "cmd", "findPeer", "peer", writer.peerId());

        byte[] writerId = PeerId.parse(writer.peerId()).bytes();
        for (byte[] malformed : List.of(
            frame(concat(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, writerId)),
            frame(Message.newBuilder().setTypeValue(42).setKey(ByteString.copyFrom(userKey)).build().toByteArray()),
            frame(Message.newBuilder().setType(Message.MessageType.PUT_VALUE).setKey(ByteString.copyFrom(userKey))
                .setRecord(Record.newBuilder().setKey(ByteString.copyFrom(victimKey))
                    .setValue(ByteString.copyFrom(userRecord))).build().toByteArray()),
            concat(UnsignedVarint.encode(1 << 20), userKey))) {
          Map<String, Object> outcome = ok(writer, "cmd", "raw", "addr", tcp, "bytes", HEX.formatHex(malformed));
          assertThat(outcome.get("reset")).as("the node resets a stream with a malformed message").isEqualTo(true);
        }

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (String type : List.of("FIND_NODE", "PUT_VALUE", "GET_VALUE")) {
          assertThat(counter(metrics, "rvnt_bootstrap_requests_total{endpoint=\"" + type + "\"}"))
              .as("js peers' %s requests were served", type).isPositive();
        }
        assertThat(counter(metrics, "rvnt_bootstrap_refused_total{reason=\"invalid_record\"}"))
            .as("the forged record and the record of an unknown namespace were refused").isGreaterThanOrEqualTo(2);
        assertThat(counter(metrics, "rvnt_bootstrap_refused_total{reason=\"malformed_message\"}"))
            .as("three malformed messages were refused").isGreaterThanOrEqualTo(3);
        assertThat(counter(metrics, "rvnt_bootstrap_refused_total{reason=\"too_large\"}"))
            .as("the oversized announcement was refused").isPositive();
      }
      for (String type : List.of("FIND_NODE", "PUT_VALUE", "GET_VALUE")) {
        long served = AggregateLogLines.sample(admin, "rvnt_bootstrap_requests_total{endpoint=\"" + type + "\"}");
        Await.until(DEADLINE, "the aggregate lines' periods add up to the " + type + " counter",
            () -> AggregateLogLines.requestsLogged(node.output(), type) == served);
      }
      assertThat(node.stop()).as("SIGTERM stops the node").isEqualTo(143);
    }

    String output = node.output();
    assertThat(output).as("the most verbose level does log")
        .contains("bootstrap node started", "Kademlia request refused: MALFORMED_MESSAGE",
            "Kademlia request refused: INVALID_RECORD");
    assertThat(output).as("stop is logged even during JVM shutdown").contains("bootstrap node stopped");
    AggregateLogLines.assertFixedText(output, "bootstrap", "second", false);
    Leaks.assertOutputHoldsNone(output, List.of(LISTENING, ADMIN), secrets, ports, nodeId, "a peer");

    Leaks.assertDataDirectoryHoldsNone(data, secrets, "a peer");
  }

  private static JsonLinesPeer js(String requiredPackage, String script, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(Path.of("target"));
    return JsonLinesPeer.startNode(JS, requiredPackage, List.of(), script, List.of(args), JS_LOG);
  }

  /** Sends a command (name/value pairs) and fails with the js error unless it succeeded. */
  /** Sends the command {@code pairs[1]} (after the key {@code "cmd"}) with the remaining pairs as its arguments. */
  private static Map<String, Object> ok(JsonLinesPeer peer, Object... pairs) throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (int i = 2; i < pairs.length; i += 2) {
      arguments.put((String) pairs[i], pairs[i + 1]);
    }
    Map<String, Object> reply = peer.request((String) pairs[1], arguments, JsonLinesPeer.REPLY_DEADLINE);
    assertThat(reply.get("ok")).as("js %s %s: %s", pairs[1], arguments, reply.get("error")).isEqualTo(true);
    return reply;
  }

  /** A peer id in every form a log line could carry it: base58, CID, and its bytes raw, in hex and base64. */
  private static List<String> peerIdForms(PeerId id) {
    return Leaks.peerIdForms(id.toBase58(), id.toCid().toString(), id.bytes());
  }

  /** The value of one Prometheus sample line, 0 when absent. */
  private static long counter(String metrics, String sample) {
    return (long) MetricSamples.value(metrics, sample).orElse(0);
  }

  private static List<String> listening(String stdout) {
    Matcher m = LISTENING.matcher(stdout);
    return m.results().map(r -> r.group(1)).collect(Collectors.toList());
  }

  private static byte[] frame(byte[] message) {
    return concat(UnsignedVarint.encode(message.length), message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

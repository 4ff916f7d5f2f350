package io.rvnt.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.transport.quic.QuicConfig;
import io.rvnt.p2p.transport.quic.QuicTransport;
import io.rvnt.p2p.transport.tcp.TcpTransport;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import io.rvnt.testsupport.Leaks;
import io.rvnt.testsupport.MetricSamples;
import io.rvnt.testsupport.RvntProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 for the relay: run at the most verbose level under real traffic over TCP and QUIC (a mailbox created,
 * deposit ids registered, deposits, collections with acknowledgements, a mailbox deleted) and bad input (wrong
 * padding, an unknown deposit id, a full mailbox, a bad signature, a malformed and an oversized message, a flood of
 * requests), the process prints no mailbox id, deposit id, envelope id, key, blob, peer id, address or port of its
 * clients, and its data directory holds none of them outside RocksDB's data files (which hold the mailboxes: that is
 * what a relay is for; {@link Leaks#assertDataDirectoryHoldsNone} says what else is read).
 */
class ZeroLoggingIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern ADMIN = Pattern.compile("^admin listener on (http://\\S+)/metrics$", Pattern.MULTILINE);
  private static final Pattern LISTENING = Pattern.compile("^listening on (\\S+)$", Pattern.MULTILINE);
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final List<String> secrets = new ArrayList<>();
  private final List<String> ports = new ArrayList<>();

  @Test
  void nothingAboutMailboxesOrClientsReachesTheOutputOrTheDataDirectoryAtTraceLevel() throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("relay.properties");
    // Cheap mailboxes, a mailbox full at three envelopes, no disk watermark on a test disk, and a rate limit that
    // the flood meets but the test's own sessions do not.
    Files.writeString(config, "create-pow-bits = 8\nmax-envelopes-per-mailbox = 3\nmin-free-disk-bytes = 0\n"
        + "requests-per-second = 5\nrequest-burst = 40\n");
    RvntProcess relay = RvntProcess.start(List.of("-Xmx256m"), List.of("relay", "--config", config.toString(),
        "--data-dir", data.toString(), "--listen", "/ip4/127.0.0.1/tcp/0", "--listen",
        "/ip4/127.0.0.1/udp/0/quic-v1", "--admin", "127.0.0.1:0", "--log-level", "trace"));
    String relayId;
    try (relay) {
      URI admin = URI.create(relay.awaitStdout(ADMIN, DEADLINE).group(1));
      List<Multiaddr> listening = LISTENING.matcher(relay.stdout()).results()
          .map(r -> Multiaddr.parse(r.group(1))).toList();
      Multiaddr tcp = listening.stream().filter(a -> a.toString().contains("/tcp/")).findFirst().orElseThrow();
      Multiaddr quic = listening.stream().filter(a -> a.toString().contains("/quic-v1/")).findFirst().orElseThrow();
      relayId = tcp.toString().substring(tcp.toString().indexOf("/p2p/") + "/p2p/".length());

      try (Client recipient = Client.start(); Client sender = Client.start(); Client flooder = Client.start()) {
        for (Client c : List.of(recipient, sender, flooder)) {
          PeerId id = c.host.peerId();
          secrets.addAll(Leaks.peerIdForms(id.toBase58(), id.toCid().toString(), id.bytes()));
        }
        traffic(tcp, recipient.connect(tcp), sender.connect(quic), recipient, flooder.connect(tcp));
        for (Client c : List.of(recipient, sender, flooder)) {
          for (Connection connection : c.host.connections()) {
            ports.add(connection.localAddress().toString().split("/")[4]);
          }
        }
      }

      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String reason : List.of("bad_padding", "unknown_deposit_id", "quota_exceeded", "bad_signature",
          "malformed", "too_large", "rate_limited")) {
        assertThat(MetricSamples.value(metrics, "rvnt_relay_refused_total{reason=\"" + reason + "\"}").orElse(0))
            .as("the bad input of kind %s was refused", reason).isPositive();
      }
      assertThat(MetricSamples.value(metrics, "rvnt_relay_deposits_total").orElse(0)).as("deposits were stored")
          .isEqualTo(3);
      assertThat(relay.stop()).as("SIGTERM stops the relay").isEqualTo(143);
    }

    String output = relay.output();
    assertThat(output).as("the most verbose level does log")
        .contains("relay started", "relay request refused: BAD_PADDING", "relay request refused: RATE_LIMITED");
    assertThat(output).as("stop is logged even during JVM shutdown").contains("relay stopped");
    assertThat(ports).as("the clients' ports, TCP and QUIC").hasSizeGreaterThanOrEqualTo(3);
    Leaks.assertOutputHoldsNone(output, List.of(LISTENING, ADMIN), secrets, ports, relayId, "a mailbox or a client");
    Leaks.assertDataDirectoryHoldsNone(data, secrets, "a mailbox or a client");
  }

  /** The traffic: each step answered as the protocol says, every secret it used remembered. */
  private void traffic(Multiaddr tcp, RelaySession mine, RelaySession theirs, Client recipient, RelaySession flood)
      throws Exception {
    byte[] master = remember(random(32));
    byte[] depositSecret = remember(random(32));
    int today = mine.hello().day();
    MailboxKey key = MailboxKey.forRelay(master, mine.relayPeerId());
    remember(key.publicKey());
    remember(key.mailboxId());
    byte[] depositId = remember(RelayIds.depositId(depositSecret, mine.relayPeerId(), today));
    mine.createMailbox(key, mine.hello().createPowBits());
    mine.register(key, today, List.of(depositId));

    List<byte[]> blobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String content = "zqxsecret message " + i;
      secrets.add(content);
      byte[] blob = remember(Padding.pad(content.getBytes(StandardCharsets.UTF_8)));
      remember(RelayIds.envelopeId(blob));
      blobs.add(blob);
    }
    for (int i = 0; i < 3; i++) {
      theirs.deposit(depositId, blobs.get(i));
    }
    assertThat(status(theirs.depositAsync(depositId, blobs.get(3)))).as("a full mailbox")
        .isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    assertThat(status(theirs.depositAsync(depositId, remember(new byte[1000])))).as("a blob of no padded size")
        .isEqualTo(RelayStatus.BAD_PADDING);
    byte[] unknownId = remember(random(16));
    assertThat(status(theirs.depositAsync(unknownId, blobs.get(3)))).as("a deposit id nobody registered")
        .isEqualTo(RelayStatus.UNKNOWN_DEPOSIT_ID);

    RelaySession.Batch batch = mine.collect(key, List.of(), 16);
    assertThat(batch.envelopes()).as("the three stored envelopes").hasSize(3);
    mine.collect(key, batch.envelopes().stream().map(e -> e.id()).toList(), 16);
    MailboxKey stranger = MailboxKey.forRelay(remember(random(32)), mine.relayPeerId());
    remember(stranger.publicKey());
    remember(stranger.mailboxId());
    assertThat(mine.collect(stranger, List.of(), 16).envelopes()).as("an unknown mailbox answers as an empty one")
        .isEmpty();
    mine.hello();
    assertThat(status(mine.send(new RelayRequest.CollectRequest(new OwnerProof(key.publicKey(),
        mine.latestChallenge(), new byte[64]), List.of(), 16)))).as("a signature that does not verify")
        .isEqualTo(RelayStatus.BAD_SIGNATURE);
    byte[] malformed = remember(("\u00ff\u00ffzqxsecret " + HexFormat.of().formatHex(depositId))
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(status(mine.sendBytes(malformed))).as("a message that is not protobuf")
        .isEqualTo(RelayStatus.MALFORMED);
    mine.deleteMailbox(key);

    byte[] oversized = new byte[70_000];
    System.arraycopy(depositId, 0, oversized, 100, depositId.length);
    try (RelaySession big = recipient.connect(tcp)) {
      assertThat(status(big.sendBytes(oversized))).as("a message above max-request-bytes")
          .isEqualTo(RelayStatus.TOO_LARGE);
    }

    List<CompletableFuture<RelayResponse>> flooded = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      flooded.add(flood.depositAsync(unknownId, blobs.get(0)));
    }
    long limited = 0;
    for (CompletableFuture<RelayResponse> answer : flooded) {
      limited += status(answer) == RelayStatus.RATE_LIMITED ? 1 : 0;
    }
    assertThat(limited).as("a flood of deposits meets the connection's rate limit").isPositive();
  }

  private byte[] remember(byte[] bytes) {
    secrets.addAll(Leaks.byteForms(bytes));
    return bytes;
  }

  private static RelayStatus status(CompletableFuture<RelayResponse> answer) throws Exception {
    return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A relay client on a host of the test's own, so that its peer id and its connections' ports are known. */
  private static final class Client implements AutoCloseable {
    final EventLoopGroup group;
    final P2pHost host;
    final RelayClient client;

    private Client(EventLoopGroup group, P2pHost host) {
      this.group = group;
      this.host = host;
      this.client = new RelayClient(host, TIMEOUT);
    }

    static Client start() {
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      PrivKey key = Keys.generateEd25519(RANDOM);
      P2pLimits limits = P2pLimits.DEFAULTS.withHandshakeTimeout(TIMEOUT);
      return new Client(group, new P2pHost(key, limits, List.of(new TcpTransport(key, limits, group),
          new QuicTransport(key, limits, QuicConfig.DEFAULTS, Clock.systemUTC(), group))));
    }

    RelaySession connect(Multiaddr relay) throws Exception {
      return client.connect(relay);
    }

    @Override
    public void close() throws Exception {
      host.close().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}

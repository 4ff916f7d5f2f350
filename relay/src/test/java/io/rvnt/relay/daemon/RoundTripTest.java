package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.Inbox;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.core.RelayLimits;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path over real hosts on loopback: the client library against a relay node, over TCP and over QUIC;
 * then a recipient on two relays.
 */
class RoundTripTest {

  static final RelayLimits LIMITS = RelayLimits.DEFAULTS.toBuilder().createPowBits(8).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestRelay relay;
  private RelayClient recipient;
  private RelayClient sender;

  @BeforeEach
  void start() throws Exception {
    relay = TestRelay.start(dir.resolve("a"), LIMITS);
    recipient = RelayClient.start(TIMEOUT);
    sender = RelayClient.start(TIMEOUT);
  }

  @AfterEach
  void stop() {
    sender.close();
    recipient.close();
    relay.close();
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"tcp", "quic"})
  void depositCollectAcknowledgeGone(String transport) throws Exception {
    Multiaddr address = transport.equals("tcp") ? relay.tcp() : relay.quic();
    byte[] secret = random(32);
    try (RelaySession mine = recipient.connect(address); RelaySession theirs = sender.connect(address)) {
      RelayParams params = mine.hello();
      assertThat(params.blobSizes()).isEqualTo(Padding.SIZES);
      int today = Days.today(relay.clock);
      assertThat(params.day()).as("the relay's day").isEqualTo(today);
      MailboxKey key = MailboxKey.forRelay(random(32), mine.relayPeerId());
      mine.createMailbox(key, params.createPowBits());
      mine.register(key, today, List.of(RelayIds.depositId(secret, mine.relayPeerId(), today)));

      byte[] blob = Padding.pad("over ".concat(transport).getBytes(StandardCharsets.UTF_8));
      theirs.deposit(RelayIds.depositId(secret, theirs.relayPeerId(), today), blob);

      RelaySession.Batch batch = mine.collect(key, List.of(), 10);
      assertThat(batch.envelopes()).hasSize(1);
      assertThat(batch.envelopes().get(0).blob()).isEqualTo(blob);
      assertThat(Padding.unpad(batch.envelopes().get(0).blob())).hasValueSatisfying(
          content -> assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("over " + transport));
      assertThat(mine.collect(key, List.of(batch.envelopes().get(0).id()), 10).envelopes())
          .as("acknowledged: gone").isEmpty();
      assertThat(mine.collect(key, List.of(), 10).envelopes()).as("and stays gone").isEmpty();
    }
    assertThat(relay.stored().keySet()).as("no envelope left on the relay").noneMatch(k -> k.startsWith("65"));
  }

  @Test
  void aRecipientOnTwoRelaysGetsEachEnvelopeOnceFromEachAndTheLibraryDeduplicates() throws Exception {
    try (TestRelay other = TestRelay.start(dir.resolve("b"), LIMITS);
        RelaySession a = recipient.connect(relay.tcp());
        RelaySession b = recipient.connect(other.quic());
        RelaySession toA = sender.connect(relay.quic());
        RelaySession toB = sender.connect(other.tcp())) {
      byte[] master = random(32);
      byte[] secret = random(32);
      int today = Days.today(relay.clock);
      MailboxKey keyA = MailboxKey.forRelay(master, a.relayPeerId());
      MailboxKey keyB = MailboxKey.forRelay(master, b.relayPeerId());
      assertThat(keyA.mailboxId()).as("one mailbox key per relay: nothing to compare")
          .isNotEqualTo(keyB.mailboxId());
      for (RelaySession s : List.of(a, b)) {
        MailboxKey k = s == a ? keyA : keyB;
        s.createMailbox(k, s.hello().createPowBits());
        s.register(k, today, List.of(RelayIds.depositId(secret, s.relayPeerId(), today)));
      }
      byte[] depositA = RelayIds.depositId(secret, toA.relayPeerId(), today);
      byte[] depositB = RelayIds.depositId(secret, toB.relayPeerId(), today);
      assertThat(depositA).as("deposit ids differ between relays").isNotEqualTo(depositB);
      byte[] both = Padding.pad("sent to both".getBytes(StandardCharsets.UTF_8));
      byte[] onlyA = Padding.pad("sent to A".getBytes(StandardCharsets.UTF_8));
      toA.deposit(depositA, both);
      toB.deposit(depositB, both);
      toA.deposit(depositA, onlyA);

      Inbox inbox = new Inbox(10, LIMITS.retentionDays());
      List<Inbox.Mailbox> mailboxes = List.of(new Inbox.Mailbox(a, keyA), new Inbox.Mailbox(b, keyB));
      List<CollectedEnvelope> got = inbox.collect(mailboxes, today);
      assertThat(got.stream().map(e -> HexFormat.of().formatHex(e.blob())).collect(Collectors.toSet()))
          .as("each envelope once").isEqualTo(Set.of(HexFormat.of().formatHex(both), HexFormat.of().formatHex(onlyA)))
          .hasSize(got.size());
      assertThat(relay.node.counters().snapshot().envelopesDelivered()).as("relay A delivered each once")
          .isEqualTo(2);
      assertThat(other.node.counters().snapshot().envelopesDelivered()).as("relay B delivered its one once")
          .isEqualTo(1);
      assertThat(relay.node.counters().snapshot().envelopesHeld()).isZero();
      assertThat(other.node.counters().snapshot().envelopesHeld()).isZero();
      assertThat(inbox.collect(mailboxes, today)).as("nothing twice").isEmpty();

      toB.deposit(depositB, onlyA);
      assertThat(inbox.collect(mailboxes, today)).as("a slower relay's copy of a collected envelope")
          .isEmpty();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}

package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.Role;
import io.rvnt.operator.sandbox.ChildCommand;
import io.rvnt.operator.sandbox.Sandbox;
import io.rvnt.operator.sandbox.SandboxPlan;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.Inbox;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's relays as the sandbox starts them (its production command, its settings, loopback ports): each
 * announces a TCP and a QUIC address with its PeerId, and a recipient with a mailbox on both, reached through the
 * client library over TCP on one and QUIC on the other, gets a deposit from each relay and, through the inbox, once.
 */
class SandboxRelaysIT {
  /** For each connection and request; the relays are JVMs just started on a busy machine. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path root;
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.stop();
    }
  }

  @Test
  void bothRelaysOfTheSandboxTakeADepositAndDeliverItOnceThroughTheInbox() throws Exception {
    sandbox = new Sandbox(root, ChildCommand.ofThisJar(), new SandboxPlan(SandboxPlan.Identity.NONE, 0,
        SandboxPlan.STANDARD_RELAYS),
        Clock.systemUTC());
    sandbox.start(name -> { }, () -> false);
    List<Instance> relays = sandbox.instances().stream().filter(i -> i.role() == Role.RELAY).toList();
    assertThat(relays).as("two relays, running").hasSize(2)
        .allMatch(r -> r.status().state() == InstanceState.RUNNING);

    SecureRandom random = new SecureRandom();
    byte[] master = new byte[32];
    byte[] secret = new byte[32];
    random.nextBytes(master);
    random.nextBytes(secret);
    byte[] blob = Padding.pad("one envelope, left on both relays".getBytes(StandardCharsets.UTF_8));
    try (RelayClient client = RelayClient.start(TIMEOUT)) {
      List<Inbox.Mailbox> mailboxes = new ArrayList<>();
      int today = 0;
      for (int i = 0; i < relays.size(); i++) {
        // TCP to the first, QUIC to the second: the sandbox announces both.
        Multiaddr address = Multiaddr.parse(p2p(relays.get(i), i == 0 ? "/tcp/" : "/quic-v1"));
        RelaySession session = client.connect(address);
        RelayParams params = session.hello();
        today = params.day();
        MailboxKey key = MailboxKey.forRelay(master, session.relayPeerId());
        session.createMailbox(key, params.createPowBits());
        byte[] depositId = RelayIds.depositId(secret, session.relayPeerId(), today);
        session.register(key, today, List.of(depositId));
        session.deposit(depositId, blob);
        assertThat(session.collect(key, List.of(), 10).envelopes()).as("%s holds the deposit",
            relays.get(i).name()).hasSize(1).allSatisfy(e -> assertThat(e.blob()).isEqualTo(blob));
        mailboxes.add(new Inbox.Mailbox(session, key));
      }

      List<CollectedEnvelope> collected = new Inbox(16, 7).collect(mailboxes, today);
      assertThat(collected).as("the inbox returns the envelope held by both relays once").hasSize(1)
          .allSatisfy(e -> assertThat(e.blob()).isEqualTo(blob));
      for (Inbox.Mailbox m : mailboxes) {
        assertThat(m.session().collect(m.key(), List.of(), 10).envelopes())
            .as("acknowledged on each relay: gone").isEmpty();
        m.session().close();
      }
    }
  }

  /** The relay's announced libp2p address of one transport, with /p2p/PEER_ID, as {@code ./rvnt sandbox} prints it. */
  private static String p2p(Instance relay, String transport) {
    return relay.status().endpoints().stream().filter(e -> e.label().equals("p2p"))
        .map(Endpoint::address).filter(a -> a.contains(transport) && a.contains("/p2p/")).findFirst()
        .orElseThrow(() -> new AssertionError(relay.name() + " announces no " + transport + " address: "
            + relay.status().endpoints()));
  }
}

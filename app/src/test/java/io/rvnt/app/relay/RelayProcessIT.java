package io.rvnt.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.client.Inbox;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import io.rvnt.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rvnt relay} as a real process: the relay-client commands against it over TCP and QUIC, kill -9 in the
 * middle of concurrent deposits (no acknowledged deposit is lost), and one-line errors.
 */
class RelayProcessIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** How long 300 deposits may take before the kill, on a busy machine. */
  private static final Duration DEPOSITS_DEADLINE = Duration.ofMinutes(3);
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;
  private Path config;

  @BeforeEach
  void config() throws Exception {
    config = tmp.resolve("relay.properties");
    // Cheap mailboxes, room for a flood of deposits from one connection, and no disk watermark on a test disk.
    Files.writeString(config, "create-pow-bits = 8\nrequests-per-second = 1000000\nrequest-burst = 1000000\n"
        + "max-envelopes-per-mailbox = 100000\nmax-bytes-per-mailbox = 1073741824\nmin-free-disk-bytes = 0\n");
  }

  @Test
  void theRelayClientCommandsCreateDepositAndCollectOverTcpAndQuic() throws Exception {
    Path data = tmp.resolve("data");
    Path key = tmp.resolve("keys").resolve("relay.key");
    try (RelayProcess relay = RelayProcess.start(data, config)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("peer.key"))))
          .as("the peer key is created with mode 0600").isEqualTo("rw-------");
      RelayProcess.Run created = RelayProcess.run("relay-client", "create", "--relay", relay.tcp().toString(),
          "--key", key.toString());
      assertThat(created.exit()).as("create: %s", created.err()).isZero();
      assertThat(created.out()).contains("ready; deposit ids registered for days");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .as("the key file is created with mode 0600").isEqualTo("rw-------");

      RelayProcess.Run deposited = RelayProcess.run("relay-client", "deposit", "--relay", relay.quic().toString(),
          "--key", key.toString(), "--message", "hello over QUIC");
      assertThat(deposited.exit()).as("deposit: %s", deposited.err()).isZero();
      assertThat(deposited.out()).startsWith("deposited envelope ");

      RelayProcess.Run collected = RelayProcess.run("relay-client", "collect", "--relay", relay.tcp().toString(),
          "--key", key.toString());
      assertThat(collected.exit()).as("collect: %s", collected.err()).isZero();
      assertThat(collected.out()).contains(": hello over QUIC").contains("1 envelope");
      RelayProcess.Run again = RelayProcess.run("relay-client", "collect", "--relay", relay.quic().toString(),
          "--key", key.toString());
      assertThat(again.out()).as("acknowledged: gone").contains("0 envelopes");
      assertThat(relay.stderr()).as("the relay logs nothing, about no one (invariant 1)").isEmpty();
    }
  }

  @Test
  void killMinus9DuringConcurrentDepositsLosesNoAcknowledgedDeposit() throws Exception {
    Path data = tmp.resolve("data");
    SecureRandom random = new SecureRandom();
    byte[] master = new byte[32];
    byte[] secret = new byte[32];
    random.nextBytes(master);
    random.nextBytes(secret);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (RelayClient client = RelayClient.start(TIMEOUT)) {
      RelayProcess relay = RelayProcess.start(data, config);
      try {
        depositUntilKilled(client, relay, master, secret, acknowledged);
      } finally {
        relay.close();
      }
    }

    Set<String> collected = new HashSet<>();
    try (RelayProcess again = RelayProcess.start(data, config); RelayClient client = RelayClient.start(TIMEOUT);
        RelaySession session = client.connect(again.quic())) {
      MailboxKey key = MailboxKey.forRelay(master, session.relayPeerId());
      Inbox inbox = new Inbox(16, 7);
      for (CollectedEnvelope e : inbox.collect(List.of(new Inbox.Mailbox(session, key)), session.hello().day())) {
        collected.add(HEX.formatHex(e.blob()));
      }
    }
    assertThat(collected).as("every deposit acknowledged before kill -9 is there after the restart")
        .containsAll(acknowledged);
  }

  /** Four senders deposit over TCP and QUIC; once 300 deposits are acknowledged, SIGKILL in their midst. */
  private static void depositUntilKilled(RelayClient client, RelayProcess relay, byte[] master, byte[] secret,
      Set<String> acknowledged) throws Exception {
    RelaySession owner = client.connect(relay.tcp());
    RelayParams params = owner.hello();
    MailboxKey key = MailboxKey.forRelay(master, owner.relayPeerId());
    owner.createMailbox(key, params.createPowBits());
    for (int day = params.day(); day <= params.day() + 1; day++) {
      owner.register(key, day, List.of(RelayIds.depositId(secret, owner.relayPeerId(), day)));
    }
    byte[] depositId = RelayIds.depositId(secret, owner.relayPeerId(), params.day());
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      RelaySession session = client.connect(t % 2 == 0 ? relay.tcp() : relay.quic());
      int thread = t;
      Thread sender = new Thread(() -> send(session, depositId, thread, stop, acknowledged));
      sender.start();
      senders.add(sender);
    }
    try {
      Await.until(DEPOSITS_DEADLINE, "300 deposits acknowledged before the kill", () -> acknowledged.size() >= 300);
      assertThat(acknowledged.size()).as("deposits acknowledged before the kill").isGreaterThanOrEqualTo(300);
      relay.kill();
    } finally {
      stop.set(true);
      for (Thread sender : senders) {
        sender.join(TimeUnit.SECONDS.toMillis(60));
      }
    }
  }

  /** Deposits distinct blobs, eight in flight at a time, until stopped or the relay is gone. */
  private static void send(RelaySession session, byte[] depositId, int thread, AtomicBoolean stop,
      Set<String> acknowledged) {
    Semaphore inFlight = new Semaphore(8);
    for (int i = 0; !stop.get(); i++) {
      byte[] blob = Padding.pad(("thread " + thread + " deposit " + i).getBytes(StandardCharsets.UTF_8));
      try {
        if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      CompletableFuture<RelayResponse> answer = session.depositAsync(depositId, blob);
      answer.whenComplete((r, e) -> {
        if (e == null && r.status() == RelayStatus.OK) {
          acknowledged.add(HEX.formatHex(blob));
        }
        inFlight.release();
      });
      if (answer.isCompletedExceptionally()) {
        return;
      }
    }
  }

  @Test
  void aBadListenAddressIsOneClearLineAndExitStatusOne() throws Exception {
    RelayProcess.Run run = RelayProcess.run("relay", "--data-dir", tmp.resolve("bad").toString(),
        "--listen", "/ip4/1.2.3/tcp/1");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("rvnt: not a multiaddr").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void aRelayClientWithoutItsKeyFileIsOneClearLine() throws Exception {
    RelayProcess.Run run = RelayProcess.run("relay-client", "deposit", "--relay",
        "/ip4/127.0.0.1/tcp/9/p2p/12D3KooWFBvs6WLJTomf12a6JgqMaDDoMWFZjK5UKQEFdNEZELHH", "--key",
        tmp.resolve("missing.key").toString(), "--message", "x");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("rvnt: cannot read the key file").doesNotContain("\n");
  }

  @Test
  void everyRelayCommandHasHelp() throws Exception {
    for (String[] command : List.of(new String[] {"relay", "--help"}, new String[] {"relay-client", "--help"},
        new String[] {"relay-client", "create", "--help"}, new String[] {"relay-client", "deposit", "--help"},
        new String[] {"relay-client", "collect", "--help"})) {
      RelayProcess.Run run = RelayProcess.run(command);
      assertThat(run.exit()).as("%s", String.join(" ", command)).isZero();
      assertThat(run.out()).startsWith("Usage: rvnt " + command[0]);
    }
  }
}

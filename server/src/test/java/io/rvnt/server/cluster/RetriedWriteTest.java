package io.rvnt.server.cluster;

import static io.rvnt.server.ledger.TestCommands.KEY_A;
import static io.rvnt.server.ledger.TestCommands.owner;
import static io.rvnt.server.ledger.TestCommands.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Outcome;
import io.rvnt.server.store.StoredPreKey;
import io.rvnt.testsupport.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a write retried after its leader died applies once. A member's Raft client retries a call with the same
 * client id and call id (Ratis's {@code BlockingImpl}); when the leader committed the entry and died before its
 * answer arrived, the new leader finds the call in its retry cache (every member fills it as it applies, and a leader
 * takes calls only once it has applied everything before its term) and answers what the first application decided,
 * rather than applying again, which would refuse the user's own registration as taken and its own upload as a replay,
 * and take a second one-time prekey. Here the test is the Raft client: it sends each call to the leader, stops the
 * leader, and sends the same calls to the new one.
 */
class RetriedWriteTest {
  @TempDir Path dir;
  private ClusterFixture cluster;
  private final ClientId client = ClientId.randomId();

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRegistrationAnUploadAndAPrekeyTakeRetriedAfterTheLeaderDiedApplyOnce() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    String first = cluster.awaitLeader();
    Command.Register registration = register("alice", KEY_A, 1_000, 1, 2, 3);
    Command.Upload upload = new Command.Upload(owner("alice", KEY_A, 1, 2_000, 10),
        List.of(new StoredPreKey(9, new byte[32])), Optional.empty(), Optional.empty(), 10);
    Command.TakePreKey take = new Command.TakePreKey("alice");
    Outcome registered = send(first, 1, registration);
    Outcome uploaded = send(first, 2, upload);
    Outcome taken = send(first, 3, take);
    assertThat(registered).as("the first registration is applied").isInstanceOf(Outcome.Registered.class);
    assertThat(uploaded).as("the first upload is applied").isNotInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Bundle) taken).oneTimePreKey()).map(StoredPreKey::id).as("the lowest id is taken")
        .contains(1);
    cluster.awaitConverged();

    cluster.stop(first);
    String second = cluster.awaitLeader();
    assertThat(second).as("another member leads").isNotEqualTo(first);
    assertThat(send(second, 1, registration)).as("the retried registration answers as the first did, not 'taken'")
        .isEqualTo(registered);
    assertThat(send(second, 2, upload)).as("the retried upload answers as the first did, not 'replayed'")
        .isEqualTo(uploaded);
    assertThat(((Outcome.Bundle) send(second, 3, take)).oneTimePreKey()).map(StoredPreKey::id)
        .as("the retried take answers with the prekey it took, and takes no other").contains(1);

    cluster.awaitConverged();
    assertThat(cluster.node(second).store().oneTimePreKeyIds("alice"))
        .as("each prekey once: 1 taken once, 2 and 3 registered, 9 uploaded").containsExactly(2, 3, 9);
    assertThat(send(second, 4, take)).as("a new call does take the next prekey")
        .satisfies(o -> assertThat(((Outcome.Bundle) o).oneTimePreKey()).map(StoredPreKey::id).contains(2));
  }

  /**
   * Sends call {@code callId} of this test's client to {@code member}'s Raft server until the member answers as a
   * ready leader (a new leader first refuses with "not ready" until it has applied its predecessors' entries).
   */
  private Outcome send(String member, long callId, Command command) {
    Message message = Message.valueOf(ByteString.copyFrom(LogCodec.encode(command)));
    AtomicReference<RaftClientReply> answered = new AtomicReference<>();
    Await.until(ClusterFixture.DEADLINE, "call " + callId + " is answered by the leader " + member, () -> {
      RaftClientRequest request = RaftClientRequest.newBuilder()
          .setClientId(client)
          .setServerId(RaftPeerId.valueOf(member))
          .setGroupId(RaftSettings.GROUP)
          .setCallId(callId)
          .setMessage(message)
          .setType(RaftClientRequest.writeRequestType())
          .build();
      try {
        RaftClientReply reply = cluster.node(member).raftServer().submitClientRequestAsync(request)
            .get(ClusterFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.isSuccess()) {
          answered.set(reply);
          return true;
        }
        return false;
      } catch (Exception e) {
        return false;
      }
    });
    try {
      return LogCodec.decodeOutcome(answered.get().getMessage().getContent().toByteArray());
    } catch (LogCodec.LogFormatException e) {
      throw new AssertionError("the state machine answers in the log's format", e);
    }
  }
}

package io.rvnt.server.cluster;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * The leader-direct path and the forwarding path of one member: a call addressed to this member goes straight to its
 * own Raft server (no TLS, no serialisation: the leader's own writes cost no loopback round trip), a call addressed
 * to another member goes over the forwarding client's connection to it (mutually authenticated TLS), as an unordered
 * asynchronous call, so that any number of calls share one connection at once. Thread-safe.
 */
final class RaftRoute implements LeaderRoute {
  private final RaftServer server;
  private final RaftGroupId group;
  private final RaftPeerId self;
  private final RaftClientRpc forwarding;

  /** @param forwarding the forwarding client's transport, which knows every member's address and TLS */
  RaftRoute(RaftServer server, RaftGroupId group, RaftPeerId self, RaftClientRpc forwarding) {
    this.server = server;
    this.group = group;
    this.self = self;
    this.forwarding = forwarding;
  }

  @Override
  public Optional<RaftPeerId> leader() {
    try {
      return Optional.ofNullable(server.getDivision(group).getInfo().getLeaderId());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public CompletableFuture<RaftClientReply> send(RaftClientRequest request) throws IOException {
    if (request.getServerId().equals(self)) {
      return server.submitClientRequestAsync(request);
    }
    return forwarding.sendRequestAsyncUnordered(request);
  }

  /**
   * A failed call leaves the connection's call stream closed for good (gRPC's stream observers fail every call on it
   * at the first error, a "not leader" answer included): the next call to that member opens a new one.
   */
  @Override
  public void failed(RaftPeerId member, Throwable failure) {
    if (!member.equals(self)) {
      forwarding.handleException(member, failure, true);
    }
  }
}

package io.rvnt.server.cluster;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * How a member reaches the group's leader with a call it built itself (its own client id and call id, so that the
 * same call can be sent again to the next leader). {@link RaftRoute} is the real one; tests play the cluster.
 */
interface LeaderRoute {

  /** The leader as this member knows it now; empty during an election. Answers at once. */
  Optional<RaftPeerId> leader();

  /**
   * Sends {@code request} to the member it names ({@link RaftClientRequest#getServerId()}); the future completes
   * with that member's reply, or fails when the reply cannot be had (connection lost, no answer in time). Never
   * blocks longer than handing the call over.
   */
  CompletableFuture<RaftClientReply> send(RaftClientRequest request) throws IOException;

  /**
   * The call sent to {@code member} failed without a reply: the route may drop what it holds for that member (a
   * broken stream) so that the next call gets a fresh one. May block (it closes a connection): never call it on an
   * event loop.
   */
  void failed(RaftPeerId member, Throwable failure);
}

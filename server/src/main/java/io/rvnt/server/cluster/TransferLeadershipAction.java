package io.rvnt.server.cluster;

import io.rvnt.daemon.admin.AdminAction;
import io.rvnt.daemon.admin.AdminAnswer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /cluster/transfer-leadership?to=NAME} on a member's admin listener, what {@code ./rvnt cluster
 * transfer-leadership} calls: the one place where a {@link TransferException} becomes a status. {@code 200} once the
 * member leads; {@code 400} without exactly one {@code to}; {@code 404} for a name no member has; {@code 409} for the
 * witness; {@code 503} with no leader; {@code 504} when the member did not take over in time.
 */
public final class TransferLeadershipAction implements AdminAction {
  public static final String PATH = "/cluster/transfer-leadership";

  private final ClusterNode node;

  public TransferLeadershipAction(ClusterNode node) {
    this.node = node;
  }

  @Override
  public CompletableFuture<AdminAnswer> run(Map<String, List<String>> parameters) {
    List<String> to = parameters.getOrDefault("to", List.of());
    if (to.size() != 1) {
      return CompletableFuture.completedFuture(new AdminAnswer(400, "name exactly one member: ?to=NAME"));
    }
    String target = to.get(0);
    return node.transferLeadership(target).handle((already, failure) -> {
      if (failure == null) {
        return new AdminAnswer(200, already ? target + " leads already" : "leadership moved to " + target);
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (!(cause instanceof TransferException transfer)) {
        throw new CompletionException(cause);
      }
      int status = switch (transfer.reason()) {
        case UNKNOWN_MEMBER -> 404;
        case WITNESS -> 409;
        case NO_LEADER -> 503;
        case TIMED_OUT -> 504;
      };
      return new AdminAnswer(status, transfer.getMessage());
    });
  }
}

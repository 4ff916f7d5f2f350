package io.rvnt.daemon.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An operator's command on the admin listener, answered to {@code POST /<path>} (the listener is on loopback only,
 * so whoever reaches it is the operator, on the host or through an SSH tunnel). Its arguments are the query
 * parameters; a request body is refused like any other. Called on the admin event loop: it must not block, so
 * slow work runs elsewhere and completes the future.
 */
@FunctionalInterface
public interface AdminAction {

  /**
   * Starts the command. The answer is the future's value; a future that fails is answered {@code 500} with the
   * exception's class only, so whatever a cause says cannot reach the operator's terminal or a log.
   */
  CompletableFuture<AdminAnswer> run(Map<String, List<String>> parameters);
}

package io.rvnt.remote.ops;

import io.rvnt.remote.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one action on several hosts at once, on the executor it is given (one SSH connection per host), and returns
 * the results in the hosts' order.
 */
public final class Fleet {
  private final ExecutorService executor;

  public Fleet(ExecutorService executor) {
    this.executor = executor;
  }

  public List<ActionResult> run(List<Host> hosts, String action, Function<Host, ActionResult> perHost)
      throws InterruptedException {
    List<Future<ActionResult>> futures = new ArrayList<>();
    for (Host host : hosts) {
      futures.add(executor.submit(() -> perHost.apply(host)));
    }
    List<ActionResult> results = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (ExecutionException e) {
        results.add(new ActionResult(hosts.get(i).name(), action, Outcome.FAILED, "", String.valueOf(e.getCause())));
      }
    }
    return results;
  }
}

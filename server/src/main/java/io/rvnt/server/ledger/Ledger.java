package io.rvnt.server.ledger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the identity rules send their {@link Command}s: applied at once on a single instance
 * ({@link LocalLedger}), or through the replicated log on a cluster member. A future completes with the
 * {@link Outcome} only once the command is applied (and, on a cluster, committed on a majority); it fails with
 * {@link LedgerUnavailableException} when no answer can be had in time, and then nothing may be assumed about
 * whether the command was applied.
 */
public interface Ledger {

  CompletableFuture<Outcome> submit(Command command);

  /**
   * Whether the local store may lag writes acknowledged elsewhere: a cluster member's copy is only as recent as the
   * entries it has applied. When true, a check that finds a user missing or a key different asks
   * {@link #freshBundle} before it refuses.
   */
  boolean mayLag();

  /**
   * The user's encoded {@code StoredBundle} as of every write acknowledged before this call, anywhere: a
   * linearizable read. Blocks up to the ledger's deadline.
   *
   * @throws LedgerUnavailableException when no such read can be had in time
   */
  Optional<byte[]> freshBundle(String username);
}

package io.rvnt.relay.core;

import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay's one writer thread and its group commit: every change to the store is an {@link Op} queued here. The
 * thread takes what has queued up (at most {@code maxBatch}), applies each op's rules against the store and the
 * writes staged before it, commits them all with one synced write, and only then completes each op: a deposit is
 * acknowledged once it is on disk, and concurrent deposits share one fsync. An exclusive op (mailbox deletion,
 * purge) runs in a commit of its own, since it scans committed data. A full queue refuses with UNAVAILABLE at
 * once, so callers (event loops) never block.
 */
final class Writer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Writer.class.getName());

  /** One change. {@link #stage} checks everything before it stages anything: a refusal leaves {@code tx} as it was. */
  abstract static class Op<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();

    /** Applies the rules and stages the writes; throws {@link RelayException} to refuse. Runs on the writer. */
    abstract T stage(RelayStore.Transaction tx);

    /** After the commit, before the caller hears of it: counts what was done. */
    void committed(T value) {}

    boolean exclusive() {
      return false;
    }
  }

  private record Staged<T>(Op<T> op, T value) {
    void complete() {
      op.committed(value);
      op.result.complete(value);
    }
  }

  private final RelayStore store;
  private final Ledger ledger;
  private final RelayCounters counters;
  private final int maxBatch;
  private final LinkedBlockingQueue<Op<?>> queue;
  private final Thread thread;
  private volatile boolean running = true;

  Writer(RelayStore store, Ledger ledger, RelayCounters counters, int capacity, int maxBatch) {
    this.store = store;
    this.ledger = ledger;
    this.counters = counters;
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "rvnt-relay-writer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the writer takes ops: from {@link #start} until {@link #close}. */
  boolean running() {
    return running && thread.isAlive();
  }

  /** Queues {@code op}; its future fails with UNAVAILABLE at once when the queue is full or the writer stopped. */
  <T> CompletableFuture<T> submit(Op<T> op) {
    if (!running || !queue.offer(op)) {
      op.result.completeExceptionally(new RelayException(RelayStatus.UNAVAILABLE, "the relay is busy"));
    }
    return op.result;
  }

  private void run() {
    List<Op<?>> batch = new ArrayList<>(maxBatch);
    while (running) {
      Op<?> first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        continue;
      }
      batch.add(first);
      if (!first.exclusive()) {
        // Single consumer: what peek() sees is what poll() takes.
        for (Op<?> next = queue.peek(); next != null && !next.exclusive() && batch.size() < maxBatch;
            next = queue.peek()) {
          batch.add(queue.poll());
        }
      }
      commit(batch);
      batch.clear();
    }
    for (Op<?> op; (op = queue.poll()) != null; ) {
      op.result.completeExceptionally(new RelayException(RelayStatus.UNAVAILABLE, "the relay is stopping"));
    }
  }

  private void commit(List<Op<?>> batch) {
    List<Staged<?>> staged = new ArrayList<>(batch.size());
    try (RelayStore.Transaction tx = store.begin()) {
      for (Op<?> op : batch) {
        stage(op, tx, staged);
      }
      if (!staged.isEmpty()) {
        tx.commit();
        counters.committed();
      }
    } catch (RuntimeException e) {
      // The store failed (StoreException) or a rule broke: nothing of this batch is acknowledged, and the counters
      // are read again from what the store holds. A StoreException's message is fixed text with RocksDB's status
      // code; of anything else only the class is logged, since its message is not known to be free of ids.
      // A full disk is STORAGE_FULL, as under the watermark: the first commit after space returned reopens the store.
      RelayException refusal = e instanceof StoreException s && s.diskFull()
          ? new RelayException(RelayStatus.STORAGE_FULL, "the relay's disk is full")
          : new RelayException(RelayStatus.UNAVAILABLE, "the relay's store failed");
      LOG.log(Level.WARNING, "a group commit of " + batch.size() + " writes failed, all answered "
          + refusal.status() + ": " + (e instanceof StoreException ? e.getMessage() : e.getClass().getName()));
      for (Op<?> op : batch) {
        op.result.completeExceptionally(refusal);
      }
      reloadLedger();
      return;
    }
    ledger.publish();
    for (Staged<?> s : staged) {
      s.complete();
    }
  }

  private static <T> void stage(Op<T> op, RelayStore.Transaction tx, List<Staged<?>> staged) {
    try {
      staged.add(new Staged<>(op, op.stage(tx)));
    } catch (RelayException e) {
      op.result.completeExceptionally(e);
    }
  }

  private void reloadLedger() {
    try {
      ledger.load(store);
    } catch (RuntimeException e) {
      // The store is gone; every later write fails the same way and is answered UNAVAILABLE.
    }
  }

  /** Stops taking ops; those still queued are refused with UNAVAILABLE. Waits for the batch in progress. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.rvnt.relay.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit: what queued up is committed with one synced write, and acknowledged only after it. */
class WriterTest {

  private static final long DEADLINE_SECONDS = 30;

  /** A memory store that counts commits and can be made to fail them. */
  private static final class CountingStore implements RelayStore {
    final MemoryRelayStore inner = new MemoryRelayStore();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicBoolean failCommits = new AtomicBoolean();
    final AtomicBoolean diskFull = new AtomicBoolean();

    @Override
    public Optional<byte[]> get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public void scan(byte[] from, byte[] to, Visitor visitor) {
      inner.scan(from, to, visitor);
    }

    @Override
    public Transaction begin() {
      Transaction tx = inner.begin();
      return new Transaction() {
        @Override
        public Optional<byte[]> get(byte[] key) {
          return tx.get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
          tx.put(key, value);
        }

        @Override
        public void delete(byte[] key) {
          tx.delete(key);
        }

        @Override
        public void commit() {
          if (failCommits.get()) {
            throw new StoreException("the disk is gone");
          }
          if (diskFull.get()) {
            throw new StoreException("no space", true);
          }
          commits.incrementAndGet();
          tx.commit();
        }

        @Override
        public void close() {
          tx.close();
        }
      };
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Puts one key; or, with {@code refuse}, refuses. */
  private static final class Put extends Writer.Op<Integer> {
    final int n;
    final boolean refuse;

    Put(int n, boolean refuse) {
      this.n = n;
      this.refuse = refuse;
    }

    @Override
    Integer stage(RelayStore.Transaction tx) {
      if (refuse) {
        throw new RelayException(RelayStatus.QUOTA_EXCEEDED, "refused");
      }
      tx.put(new byte[] {'x', (byte) n}, new byte[] {(byte) n});
      return n;
    }
  }

  /** Holds the writer thread until released. */
  private static final class Blocker extends Writer.Op<Integer> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    Integer stage(RelayStore.Transaction tx) {
      entered.countDown();
      try {
        release.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      tx.put(new byte[] {'b'}, new byte[] {1});
      return 0;
    }
  }

  private final CountingStore store = new CountingStore();
  private final Writer writer = new Writer(store, new Ledger(new RelayCounters()), new RelayCounters(), 1_000, 256);

  @AfterEach
  void stop() {
    writer.close();
  }

  @Test
  void writesThatQueuedUpShareOneSyncedCommitAndAreAcknowledgedOnlyAfterIt() throws Exception {
    writer.start();
    Blocker blocker = new Blocker();
    writer.submit(blocker);
    assertThat(blocker.entered.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Integer>> puts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      puts.add(writer.submit(new Put(i, false)));
    }
    assertThat(puts).as("nothing is acknowledged before its commit").noneMatch(CompletableFuture::isDone);
    blocker.release.countDown();
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(store.commits.get()).as("the blocker's commit, then one for all hundred").isEqualTo(2);
    assertThat(store.inner.entries()).hasSize(101);
  }

  @Test
  void aRefusedWriteLeavesTheOthersOfItsBatch() throws Exception {
    writer.start();
    Blocker blocker = new Blocker();
    writer.submit(blocker);
    blocker.entered.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<Integer> first = writer.submit(new Put(1, false));
    CompletableFuture<Integer> refused = writer.submit(new Put(2, true));
    CompletableFuture<Integer> third = writer.submit(new Put(3, false));
    blocker.release.countDown();
    assertThat(first.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(third.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(status(refused)).isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    assertThat(store.inner.get(new byte[] {'x', 2})).as("the refused write staged nothing").isEmpty();
  }

  @Test
  void aFailedCommitAcknowledgesNoWriteOfItsBatch() throws Exception {
    store.failCommits.set(true);
    writer.start();
    CompletableFuture<Integer> put = writer.submit(new Put(1, false));
    assertThat(status(put)).isEqualTo(RelayStatus.UNAVAILABLE);
    assertThat(store.inner.entries()).isEmpty();
  }

  @Test
  void aCommitTheFullDiskRefusesIsStorageFullAndTheNextCommitGoesThroughOnceSpaceReturns() throws Exception {
    store.diskFull.set(true);
    writer.start();
    assertThat(status(writer.submit(new Put(1, false)))).as("relay-protocol.md §6.4: a full disk is STORAGE_FULL")
        .isEqualTo(RelayStatus.STORAGE_FULL);
    assertThat(store.inner.entries()).isEmpty();
    store.diskFull.set(false);
    assertThat(writer.submit(new Put(2, false)).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aFullQueueRefusesAtOnceWithoutBlockingTheCaller() throws Exception {
    Writer small = new Writer(store, new Ledger(new RelayCounters()), new RelayCounters(), 1, 256);
    try {
      small.start();
      Blocker blocker = new Blocker();
      small.submit(blocker);
      blocker.entered.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
      small.submit(new Put(1, false));
      assertThat(status(small.submit(new Put(2, false)))).isEqualTo(RelayStatus.UNAVAILABLE);
      blocker.release.countDown();
    } finally {
      small.close();
    }
  }

  private static RelayStatus status(CompletableFuture<?> f) throws Exception {
    try {
      f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("the write was acknowledged");
    } catch (ExecutionException e) {
      return ((RelayException) e.getCause()).status();
    }
  }
}

package io.rvnt.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.protocol.identitylog.Lookup;
import io.rvnt.protocol.identitylog.LookupResult;
import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Outcome;
import io.rvnt.server.ledger.StateRules;
import io.rvnt.server.store.AppliedIndex;
import io.rvnt.server.store.StoreBatch;
import io.rvnt.server.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;

/**
 * The identity store as a Raft state machine (modelled on Apache Ozone's Ratis-over-RocksDB one): each committed
 * entry is a {@link Command}, applied by {@link StateRules} to this member's RocksDB copy in one write together with
 * the entry's position, so that after a crash the copy knows exactly where it stands. Snapshots are RocksDB
 * checkpoints ({@link CheckpointStorage}); a member too far behind for the leader's log receives the latest one and
 * replaces its copy with it.
 *
 * <p>At start the copy and the latest snapshot are made to agree: a copy behind the snapshot (lost, or lost its
 * last unsynced writes) is replaced by it, a copy ahead of it is checkpointed at once, so Ratis, which starts applying
 * after the latest snapshot, never gives this member an entry it has already applied.
 *
 * <p>Ratis calls {@link #applyTransaction}, {@link #takeSnapshot}, {@link #notifyTermIndexUpdated} and
 * {@link #reinitialize} on one thread, in log order. A store that fails to write stops the member (the thrown
 * exception makes Ratis close it): skipping an entry would make this copy differ from the others'.
 */
final class IdentityStateMachine extends BaseStateMachine {
  private static final Logger LOG = Logger.getLogger(IdentityStateMachine.class.getName());

  private final Path liveDir;
  private final ReplicaStore store;
  private final StateRules rules;
  private final Consumer<RaftPeerId> leaderChanged;
  private final CheckpointStorage storage = new CheckpointStorage();

  /**
   * @param liveDir where this member's copy of the store lives (outside Ratis's directory, which an installed
   *     snapshot replaces wholesale)
   * @param leaderChanged told each leader this member learns of (null: none known)
   */
  IdentityStateMachine(Path liveDir, ReplicaStore store, Consumer<RaftPeerId> leaderChanged) {
    this.liveDir = liveDir;
    this.store = store;
    this.rules = new StateRules(store);
    this.leaderChanged = leaderChanged;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      openCopy();
    }, IOException.class);
  }

  private void openCopy() throws IOException {
    store.open(liveDir);
    long applied = store.applied().map(AppliedIndex::index).orElse(RaftLog.INVALID_LOG_INDEX);
    SnapshotInfo snapshot = storage.getLatestSnapshot();
    if (snapshot != null && applied < snapshot.getIndex()) {
      LOG.warning("this member's copy of the store is behind its latest snapshot: restoring it from the snapshot");
      restoreLatestSnapshot();
    } else {
      setLastAppliedTermIndex(appliedPosition());
      if (applied >= 0 && (snapshot == null || applied > snapshot.getIndex())) {
        takeSnapshot();
      }
    }
  }

  /** The copy's applied position as Ratis's type; the initial value when it has applied nothing. */
  private TermIndex appliedPosition() {
    return store.applied().map(a -> TermIndex.valueOf(a.term(), a.index())).orElse(TermIndex.INITIAL_VALUE);
  }

  /** Replaces the copy with the latest snapshot's checkpoint. */
  private void restoreLatestSnapshot() throws IOException {
    Path checkpoint = storage.latestDirectory()
        .orElseThrow(() -> new IOException("there is no snapshot to restore the store from"));
    store.replace(liveDir, () -> copyCheckpoint(checkpoint, liveDir));
    setLastAppliedTermIndex(appliedPosition());
  }

  /**
   * Copies a checkpoint into {@code target}: table files are hard links (RocksDB never changes one, it only deletes
   * them), every other file a copy, since the live database appends to its manifest and write-ahead log.
   */
  private static void copyCheckpoint(Path checkpoint, Path target) {
    try {
      CheckpointStorage.deleteTree(target);
      Files.createDirectories(target, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
      for (Path file : CheckpointStorage.checkpointFiles(checkpoint)) {
        Path copy = target.resolve(file.getFileName().toString());
        if (file.getFileName().toString().endsWith(".sst")) {
          try {
            Files.createLink(copy, file);
            continue;
          } catch (IOException | UnsupportedOperationException e) {
            // Another file system, or no links: a copy does as well.
          }
        }
        Files.copy(file, copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the snapshot into the store's directory", e);
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    AppliedIndex position = new AppliedIndex(entry.getTerm(), entry.getIndex());
    Outcome outcome;
    try {
      Command command = LogCodec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
      outcome = rules.apply(command, Optional.of(position));
    } catch (LogCodec.LogFormatException e) {
      // Every member reads the same bytes the same way: refused everywhere, nothing but the position written.
      outcome = LogCodec.malformed();
      store.write(new StoreBatch().applied(position));
    } catch (StoreException e) {
      LOG.log(Level.SEVERE, "this member cannot write its store and stops: " + e.getMessage());
      throw e;
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(LogCodec.encode(outcome))));
  }

  /** Entries without a command (a new leader's first entry, a configuration): only the position is recorded. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    try {
      store.write(new StoreBatch().applied(new AppliedIndex(term, index)));
    } catch (StoreException e) {
      LOG.log(Level.SEVERE, "this member cannot write its store and stops: " + e.getMessage());
      throw e;
    }
  }

  /** A linearizable read: Ratis calls it once this member has applied every entry committed before it was asked. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      Lookup lookup = Lookup.parseFrom(request.getContent().toByteArray());
      LookupResult.Builder result = LookupResult.newBuilder();
      store.bundle(lookup.getUsername())
          .ifPresent(bundle -> result.setStoredBundle(com.google.protobuf.ByteString.copyFrom(bundle)));
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result.build().toByteArray())));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return CompletableFuture.failedFuture(new IOException("a lookup failed"));
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    SnapshotInfo latest = storage.getLatestSnapshot();
    if (latest != null && latest.getIndex() >= last.getIndex()) {
      return latest.getIndex();
    }
    store.checkpoint(storage.inProgress());
    storage.publish(last);
    LOG.info("snapshot taken at log index " + last.getIndex());
    return last.getIndex();
  }

  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After Ratis installed a snapshot received from the leader into the state-machine directory. */
  @Override
  public void reinitialize() throws IOException {
    storage.reload();
    restoreLatestSnapshot();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
    LOG.warning("this member was too far behind for the log and caught up from a snapshot at log index "
        + getLastAppliedTermIndex().getIndex());
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    leaderChanged.accept(newLeaderId);
  }

  @Override
  public void close() {
    getLifeCycle().checkStateAndClose(store::close);
  }
}

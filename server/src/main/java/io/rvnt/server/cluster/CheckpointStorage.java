package io.rvnt.server.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * The state machine's snapshots: each one a RocksDB checkpoint in a directory {@code snapshot.TERM_INDEX} of Ratis's
 * state-machine directory, holding the store exactly as it was once the entry at INDEX was applied (the store's own
 * applied position says the same). A directory appears whole, by rename, or not at all. Ratis sends the files of the
 * latest one to a member too far behind for the log, and moves the received directory into place before the state
 * machine reloads; it adds an {@code .md5} file beside each, which is not part of the checkpoint. Thread-safe.
 */
final class CheckpointStorage implements StateMachineStorage {
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  private static final String MD5_SUFFIX = ".md5";
  private static final String IN_PROGRESS = "snapshot-in-progress";

  private volatile Path directory;
  private volatile FileListSnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    directory = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(directory);
    // A checkpoint cut short by a crash: never renamed, never used.
    deleteTree(directory.resolve(IN_PROGRESS));
    reload();
  }

  /** Reads the directory again: after start, and after Ratis installed a snapshot received from the leader. */
  void reload() throws IOException {
    latest = scan().orElse(null);
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  /** The latest snapshot's checkpoint directory. */
  Optional<Path> latestDirectory() {
    FileListSnapshotInfo snapshot = latest;
    return snapshot == null ? Optional.empty() : Optional.of(directoryOf(snapshot.getTermIndex()));
  }

  /** Where a checkpoint is written before {@link #publish} renames it into place; emptied first. */
  Path inProgress() throws IOException {
    Path dir = directory.resolve(IN_PROGRESS);
    deleteTree(dir);
    return dir;
  }

  /** Renames the checkpoint written in {@link #inProgress()} into place as the snapshot at {@code position}. */
  void publish(TermIndex position) throws IOException {
    Path target = directoryOf(position);
    deleteTree(target);
    Files.move(directory.resolve(IN_PROGRESS), target);
    reload();
  }

  private Path directoryOf(TermIndex position) {
    return directory.resolve("snapshot." + position.getTerm() + "_" + position.getIndex());
  }

  @Override
  public void format() {
    // Nothing to prepare: snapshots are directories created as they are taken.
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    List<Snapshot> all = snapshots();
    for (int i = keep; i < all.size(); i++) {
      deleteTree(all.get(i).dir());
    }
  }

  private record Snapshot(Path dir, TermIndex position) {}

  /** Every snapshot directory, newest first. */
  private List<Snapshot> snapshots() throws IOException {
    List<Snapshot> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Matcher m = SNAPSHOT.matcher(entry.getFileName().toString());
        if (m.matches() && Files.isDirectory(entry)) {
          found.add(new Snapshot(entry, TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))));
        }
      }
    }
    found.sort(Comparator.comparing((Snapshot s) -> s.position().getIndex()).reversed());
    return found;
  }

  private Optional<FileListSnapshotInfo> scan() throws IOException {
    List<Snapshot> all = snapshots();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Snapshot newest = all.get(0);
    List<FileInfo> files = new ArrayList<>();
    for (Path file : checkpointFiles(newest.dir())) {
      files.add(new FileInfo(file, null));
    }
    return Optional.of(new FileListSnapshotInfo(files, newest.position()));
  }

  /** The files of a checkpoint directory, without the digests Ratis leaves beside received ones. */
  static List<Path> checkpointFiles(Path checkpoint) throws IOException {
    try (Stream<Path> files = Files.list(checkpoint)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().endsWith(MD5_SUFFIX))
          .sorted()
          .toList();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return null;
  }
}

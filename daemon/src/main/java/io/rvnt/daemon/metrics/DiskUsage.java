package io.rvnt.daemon.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Size of the data directory and free/total space of its file system. Measuring walks the directory: blocking. */
public record DiskUsage(long dataDirBytes, long freeBytes, long totalBytes) {

  public static DiskUsage measure(Path dataDir) {
    try {
      FileStore store = Files.getFileStore(dataDir);
      return new DiskUsage(sizeOf(dataDir), store.getUsableSpace(), store.getTotalSpace());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the data directory", e);
    }
  }

  /** Usable bytes on the data directory's file system (what the identity server checks registrations against). */
  public static long freeBytes(Path dataDir) {
    try {
      return Files.getFileStore(dataDir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure free disk space", e);
    }
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(DiskUsage::sizeOrZero).sum();
    }
  }

  // RocksDB deletes files while we walk: a vanished file counts as zero.
  private static long sizeOrZero(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

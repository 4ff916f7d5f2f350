package io.rvnt.daemon.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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

  /**
   * The regular files' sizes. The servers delete files and whole directories while we walk (RocksDB's obsolete
   * files, a cluster member's old snapshots): whatever vanishes counts as zero.
   */
  private static long sizeOf(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          total[0] += attributes.size();
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }
}

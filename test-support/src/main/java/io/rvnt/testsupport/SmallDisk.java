package io.rvnt.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own for a server's data directory: a tmpfs of {@code bytes} mounted on a fresh
 * directory (the tests run as root), which a test fills to the brim and empties again. {@link #close()} unmounts it
 * whatever happened, lazily if a process still holds files there.
 */
public final class SmallDisk implements AutoCloseable {

  /** Filler written per call; the last bytes go in 4 KiB pieces, a page, tmpfs's unit. */
  private static final int CHUNK = 1 << 20;
  private static final int PAGE = 4096;

  private final Path mountPoint;
  private final Path filler;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a tmpfs of {@code bytes} on {@code mountPoint}, which is created. */
  public static SmallDisk mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs", mountPoint.toString()));
    return new SmallDisk(mountPoint);
  }

  /** The root of the small file system. */
  public Path root() {
    return mountPoint;
  }

  /** Writes a filler file until the file system refuses another byte (ENOSPC); returns the bytes written. */
  public long fill() throws IOException {
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int size : new int[] {CHUNK, PAGE, 1}) {
        byte[] zeros = new byte[size];
        try {
          while (true) {
            out.write(zeros);
            out.flush();
            written += size;
          }
        } catch (IOException full) {
          // The file system is full at this granularity; go on with smaller pieces.
        }
      }
    } catch (IOException closingAFullFile) {
      // Closing may report the same full disk; what was written stays.
    }
    return written;
  }

  /** Deletes the filler: the space returns. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Bytes the file system still takes. */
  public long usable() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(List.of("umount", mountPoint.toString()));
    } catch (IOException busy) {
      run(List.of("umount", "-l", mountPoint.toString()));
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}

package io.rvnt.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Variants of the built bundle for upgrade and rollback tests: same files under another version, a broken jar, or
 * no jar at all.
 */
final class Bundles {
  private Bundles() {}

  /** A change to the unpacked bundle folder before it is packed again. */
  private interface Edit {
    void apply(Path folder) throws IOException;
  }

  /** The built bundle re-labelled {@code version}, with its jar replaced by {@code jar} when not null. */
  static Path variant(Path work, String version, byte[] jar, boolean refreshSums) throws Exception {
    return variant(work, version, folder -> {
      if (jar != null) {
        Files.write(folder.resolve("rvnt.jar"), jar);
      }
    }, refreshSums);
  }

  /** The built bundle re-labelled {@code version} without its rvnt.jar (and with sums that match that). */
  static Path withoutJar(Path work, String version) throws Exception {
    return variant(work, version, folder -> Files.delete(folder.resolve("rvnt.jar")), true);
  }

  private static Path variant(Path work, String version, Edit edit, boolean refreshSums) throws Exception {
    Path bundle = Shipped.bundle();
    Path unpack = Files.createDirectories(work.resolve("unpack-" + version));
    check(Shipped.run(List.of("tar", "-xzf", bundle.toString(), "-C", unpack.toString())));
    Path original;
    try (var folders = Files.list(unpack)) {
      original = folders.findFirst().orElseThrow();
    }
    Path folder = unpack.resolve("rvnt-" + version);
    Files.move(original, folder);
    Files.writeString(folder.resolve("VERSION"), version);
    edit.apply(folder);
    if (refreshSums) {
      // The same command the build uses (packaging/pom.xml).
      check(Shipped.run(List.of("sh", "-c", "cd " + folder + " && find . -type f ! -name SHA256SUMS | sed 's#^[.]/##'"
          + " | LC_ALL=C sort | xargs sha256sum >../SHA256SUMS.tmp && mv ../SHA256SUMS.tmp SHA256SUMS")));
    }
    Path archive = work.resolve("rvnt-" + version + ".tar.gz");
    check(Shipped.run(List.of("tar", "-czf", archive.toString(), "-C", unpack.toString(), "rvnt-" + version)));
    return archive;
  }

  private static void check(Shipped.Run run) throws IOException {
    if (run.exit() != 0) {
      throw new IOException(run.output());
    }
  }
}

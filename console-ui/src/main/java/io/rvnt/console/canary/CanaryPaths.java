package io.rvnt.console.canary;

import java.nio.file.Path;

/**
 * Where the canary workflow keeps its files: the key folder (secret key, mode 0600 in a 0700 folder), the folder
 * {@code sign} writes to, the static site's folder that {@code publish} copies into, and the verifier's state.
 */
public record CanaryPaths(Path keyDir, Path signedDir, Path siteDir, Path stateFile) {
  /** Under {@code base} (the console's data folder): {@code canary-key/}, {@code canary-signed/}, ... */
  public static CanaryPaths under(Path base) {
    return new CanaryPaths(base.resolve("canary-key"), base.resolve("canary-signed"), base.resolve("canary-site"),
        base.resolve("canary-seen"));
  }
}

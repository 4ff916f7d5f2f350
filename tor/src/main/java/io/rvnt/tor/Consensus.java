package io.rvnt.tor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an authority's latest consensus ({@code cached-consensus}) lists: relays (its {@code r} lines) and relays
 * flagged as onion-service directories ({@code s} lines with {@code HSDir}). The service and the client may start
 * once both are complete: on a partial consensus they build no path ("Failed to find node for hop #3").
 */
record Consensus(int relays, int hsDirs) {
  static final Consensus NONE = new Consensus(0, 0);

  static Consensus read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException notYet) {
      return NONE;
    } catch (IOException e) {
      // Being rewritten by tor; the next poll reads it whole.
      return NONE;
    }
    int relays = 0;
    int hsDirs = 0;
    for (String line : lines) {
      if (line.startsWith("r ")) {
        relays++;
      } else if (line.startsWith("s ") && (" " + line.substring(2) + " ").contains(" HSDir ")) {
        hsDirs++;
      }
    }
    return new Consensus(relays, hsDirs);
  }
}

package io.rvnt.tor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The onion-service lines of the torrc operators install ({@code packaging/tor/rvnt-onion.torrc}, copied into this
 * module's classes at build time): the one source for production and the test network. Only the two site-specific
 * values change for a test: the {@code HiddenServiceDir} (which the network writes itself) and the target address of
 * {@code HiddenServicePort}. Every other line is used as shipped, so a test covers what operators deploy.
 */
public record ShippedOnionLines(List<String> lines) {
  static final String RESOURCE = "rvnt-onion.torrc";

  public ShippedOnionLines {
    lines = List.copyOf(lines);
    if (lines.stream().filter(l -> keyword(l).equals("HiddenServicePort")).count() != 1) {
      throw new IllegalStateException(RESOURCE + " must have exactly one HiddenServicePort line");
    }
  }

  /** The shipped file's settings, without comments and blank lines. */
  public static ShippedOnionLines load() {
    try (InputStream in = ShippedOnionLines.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
      return new ShippedOnionLines(lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The public port of {@code HiddenServicePort VIRTUAL TARGET}. */
  public int virtualPort() {
    return Integer.parseInt(hiddenServicePort()[1]);
  }

  /** The lines after {@code HiddenServiceDir}, with the service's target moved to {@code 127.0.0.1:targetPort}. */
  public List<String> linesFor(int targetPort) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      switch (keyword(line)) {
        case "HiddenServiceDir" -> { }
        case "HiddenServicePort" -> out.add("HiddenServicePort " + virtualPort() + " 127.0.0.1:" + targetPort);
        default -> out.add(line);
      }
    }
    return out;
  }

  private String[] hiddenServicePort() {
    String line = lines.stream().filter(l -> keyword(l).equals("HiddenServicePort")).findFirst().orElseThrow();
    String[] parts = line.split("\\s+");
    if (parts.length != 3) {
      throw new IllegalStateException(RESOURCE + ": HiddenServicePort needs a virtual port and a target");
    }
    return parts;
  }

  static String keyword(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }
}

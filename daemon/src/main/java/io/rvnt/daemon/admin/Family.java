package io.rvnt.daemon.admin;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of a component's own metric families: the gauges or counters of the snapshot's {@code gauges} or
 * {@code counters} map that /metrics exports as {@code rvnt_<component>_<name>}, counters with {@code _total}
 * appended. A family without a label is the one entry whose key is its name; a family with a label gathers every
 * entry whose key starts with {@code key}, the rest of the key being the label's value (so the snapshot keeps
 * flat keys such as {@code routing_table_bucket_3}, which the console reads, and /metrics shows
 * {@code rvnt_bootstrap_routing_table_bucket_peers{bucket="3"}}).
 *
 * @param help the HELP text: what the code counts, and since when or over what
 * @param key the key of the entry (without a label: the name), or the prefix of the entries' keys (with a label)
 */
public record Family(Kind kind, String name, String help, String key, Optional<String> label) {

  /** Which map of the snapshot the family reads, and its Prometheus type. */
  public enum Kind { GAUGE, COUNTER }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Family {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a metric name is lower case letters, digits and underscores: " + name);
    }
    // Prometheus keeps _total for counters, and the writer appends it: a name ending so would read as a counter
    // of a gauge, or come out as _total_total.
    if (name.endsWith("_total")) {
      throw new IllegalArgumentException("a family's name does not end with _total (counters get it appended): "
          + name);
    }
    if (help.isBlank()) {
      throw new IllegalArgumentException("family " + name + " needs a HELP text");
    }
    label.ifPresent(l -> {
      if (!NAME.matcher(l).matches() || l.equals("endpoint") || l.equals("quantile") || l.equals("class")) {
        throw new IllegalArgumentException("not a label of its own: " + l);
      }
    });
    if (label.isEmpty() && !key.equals(name)) {
      throw new IllegalArgumentException("a family without a label reads the key of its name: " + name);
    }
    if (label.isPresent() && key.isEmpty()) {
      throw new IllegalArgumentException("a labelled family needs the prefix of its keys: " + name);
    }
  }

  /** The gauge whose key is {@code name}. */
  public static Family gauge(String name, String help) {
    return new Family(Kind.GAUGE, name, help, name, Optional.empty());
  }

  /** The counter whose key is {@code name}. */
  public static Family counter(String name, String help) {
    return new Family(Kind.COUNTER, name, help, name, Optional.empty());
  }

  /** The gauges whose keys start with {@code keyPrefix}, one sample per key, labelled with the key's rest. */
  public static Family gauges(String name, String help, String keyPrefix, String label) {
    return new Family(Kind.GAUGE, name, help, keyPrefix, Optional.of(label));
  }

  /** The counters whose keys start with {@code keyPrefix}, one sample per key, labelled with the key's rest. */
  public static Family counters(String name, String help, String keyPrefix, String label) {
    return new Family(Kind.COUNTER, name, help, keyPrefix, Optional.of(label));
  }

  /** Whether the entry {@code entry} of this family's map belongs to it. */
  boolean reads(String entry) {
    return label.isPresent() ? entry.startsWith(key) && entry.length() > key.length() : entry.equals(key);
  }
}

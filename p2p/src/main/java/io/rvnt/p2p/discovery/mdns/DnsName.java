package io.rvnt.p2p.discovery.mdns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A domain name as its labels (RFC 1035 §3.1). Compared without regard to ASCII case, as DNS and mDNS do (RFC 6762
 * §16). Labels are kept apart, so a DNS-SD instance name may hold a dot or a space (RFC 6763 §4.3).
 */
public record DnsName(List<String> labels) {

  /** RFC 1035 §2.3.4: a label is at most 63 octets, a name at most 255 on the wire. */
  public static final int MAX_LABEL_BYTES = 63;
  public static final int MAX_NAME_BYTES = 255;

  public DnsName {
    labels = List.copyOf(labels);
    int wire = 1;
    for (String label : labels) {
      int bytes = DnsCodec.utf8Length(label);
      if (bytes == 0 || bytes > MAX_LABEL_BYTES) {
        throw new IllegalArgumentException("a DNS label has 1 to 63 bytes, not " + bytes);
      }
      wire += 1 + bytes;
    }
    if (wire > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("a DNS name has at most 255 bytes, not " + wire);
    }
  }

  /** A name written with dots between labels, such as {@code _p2p._udp.local} (no label may hold a dot). */
  public static DnsName of(String dotted) {
    String trimmed = dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
    return new DnsName(trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\.", -1)));
  }

  /** This name under {@code first}: {@code first.this}. */
  public DnsName prepend(String first) {
    List<String> out = new ArrayList<>(labels.size() + 1);
    out.add(first);
    out.addAll(labels);
    return new DnsName(out);
  }

  /** The first label, or "" for the root. */
  public String first() {
    return labels.isEmpty() ? "" : labels.get(0);
  }

  /** The name without its first label. */
  public DnsName parent() {
    return labels.isEmpty() ? this : new DnsName(labels.subList(1, labels.size()));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DnsName other) || other.labels.size() != labels.size()) {
      return false;
    }
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.get(i).equalsIgnoreCase(other.labels.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList().hashCode();
  }

  @Override
  public String toString() {
    return String.join(".", labels);
  }
}

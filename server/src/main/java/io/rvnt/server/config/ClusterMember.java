package io.rvnt.server.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One member of the identity server's cluster, as every member's configuration lists it: its name (Raft peer id,
 * the name {@code cluster status} prints), its role, the address of its Raft listener, and the SHA-256 of its TLS
 * certificate, which is all the trust the replication needs: a connection whose certificate has another digest is
 * refused, in both directions.
 *
 * @param certificatePin 64 lowercase hex digits, the SHA-256 of the certificate's DER encoding
 */
public record ClusterMember(String name, MemberRole role, HostPort raftAddress, String certificatePin) {
  /** Names appear in metrics labels and command lines: lower case letters, digits, '-' and '_', at most 32. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  private static final Pattern PIN = Pattern.compile("[0-9a-f]{64}");

  public ClusterMember {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(raftAddress, "raftAddress");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a member's name is lower case letters, digits, '-' and '_', starting "
          + "with a letter, at most 32");
    }
    if (certificatePin == null || !PIN.matcher(certificatePin).matches()) {
      throw new IllegalArgumentException("a certificate pin is the SHA-256 of the certificate, 64 hex digits");
    }
  }

  /** Accepts {@code sha256:} before the digits, upper case, and the colons of {@code openssl x509 -fingerprint}. */
  public static String normalizePin(String text) {
    String pin = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (pin.startsWith("sha256:")) {
      pin = pin.substring("sha256:".length());
    }
    return pin.replace(":", "");
  }
}

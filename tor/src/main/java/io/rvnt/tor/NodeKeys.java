package io.rvnt.tor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A node's keys, made before it starts so that every torrc can name them: the relay identity (RSA fingerprint, from
 * {@code tor --list-fingerprint}) and, for an authority, the v3 authority identity made by {@code tor-gencert}.
 */
record NodeKeys(String rsaFingerprint, Optional<String> v3Identity) {
  /** Authority certificates last a year; the network lives minutes. */
  private static final String CERTIFICATE_MONTHS = "12";

  static NodeKeys relay(Path dataDir, Path emptyTorrc) throws TorNetworkException {
    return new NodeKeys(fingerprint(dataDir, emptyTorrc), Optional.empty());
  }

  static NodeKeys authority(Path dataDir, Path emptyTorrc, int dirPort) throws TorNetworkException {
    Path keys = dataDir.resolve("keys");
    try {
      Files.createDirectories(keys);
    } catch (IOException e) {
      throw new TorNetworkException("cannot create " + keys + ": " + e.getMessage(), e);
    }
    // An empty passphrase on stdin: the key lives in a throwaway folder for the network's lifetime.
    TorBinaries.run(List.of(TorBinaries.TOR_GENCERT.toString(), "--create-identity-key", "-m", CERTIFICATE_MONTHS,
        "-a", "127.0.0.1:" + dirPort, "--passphrase-fd", "0"), keys, "\n");
    String v3;
    try {
      v3 = Files.readAllLines(keys.resolve("authority_certificate")).stream()
          .filter(l -> l.startsWith("fingerprint "))
          .map(l -> l.substring("fingerprint ".length()).strip())
          .findFirst()
          .orElseThrow(() -> new TorNetworkException("tor-gencert wrote a certificate without a fingerprint"));
    } catch (IOException e) {
      throw new TorNetworkException("cannot read the authority certificate: " + e.getMessage(), e);
    }
    return new NodeKeys(fingerprint(dataDir, emptyTorrc), Optional.of(v3));
  }

  /** Makes the relay identity key in {@code dataDir} and reads its fingerprint from the {@code fingerprint} file. */
  private static String fingerprint(Path dataDir, Path emptyTorrc) throws TorNetworkException {
    TorBinaries.run(List.of(TorBinaries.TOR.toString(), "--list-fingerprint", "--orport", "1",
        "--datadirectory", dataDir.toString(), "-f", emptyTorrc.toString(), "--quiet"), dataDir, "");
    try {
      String[] parts = Files.readString(dataDir.resolve("fingerprint")).strip().split("\\s+");
      return parts[parts.length - 1];
    } catch (IOException e) {
      throw new TorNetworkException("tor wrote no fingerprint: " + e.getMessage(), e);
    }
  }
}

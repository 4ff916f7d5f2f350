package io.rvnt.remote.ssh;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * The only verifier used for managed hosts: accepts exactly the pinned fingerprint and nothing else. It remembers
 * the key it was shown, so a refusal can name the offered fingerprint.
 */
final class PinnedHostKey implements HostKeyVerifier {
  private final String pinned;
  private volatile String offered;

  PinnedHostKey(String pinned) {
    this.pinned = pinned;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    offered = Fingerprints.sha256(key);
    return offered.equals(pinned);
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  String offered() {
    return offered;
  }
}

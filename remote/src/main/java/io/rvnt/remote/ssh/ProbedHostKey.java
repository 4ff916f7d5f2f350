package io.rvnt.remote.ssh;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Records the key a host offers and refuses it, so the transport closes before anything is authenticated or sent.
 * Used once, when a host is added, to learn the key the operator then accepts or not.
 */
final class ProbedHostKey implements HostKeyVerifier {
  private volatile PublicKey key;

  @Override
  public boolean verify(String hostname, int port, PublicKey offered) {
    key = offered;
    return false;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  PublicKey key() {
    return key;
  }
}

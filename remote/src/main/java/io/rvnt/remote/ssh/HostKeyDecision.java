package io.rvnt.remote.ssh;

/**
 * Asks the operator whether to trust a host key seen for the first time (server architecture: host keys are always
 * verified). The CLI asks on the terminal, the console shows a dialog. The only safe default is to refuse.
 */
@FunctionalInterface
public interface HostKeyDecision {
  /** Refuses every unknown key: for non-interactive use. */
  HostKeyDecision REFUSE = (host, fingerprint) -> false;

  /** True to pin {@code fingerprint} for {@code host}; called only when neither a pin nor known_hosts decides. */
  boolean acceptFirstUse(String host, String fingerprint);
}

package io.rvnt.console.hosts;

/**
 * What the Hosts screen asks the operator while an action runs off the FX thread: whether to trust a host key seen
 * for the first time, and a secret (key passphrase, TOTP code). The view answers with dialogs, the tests with fakes.
 * Both calls block the calling worker thread until the operator answered.
 */
public interface HostPrompts {
  /** True only when the operator explicitly accepted {@code fingerprint} (SHA-256) for {@code host}. */
  boolean acceptHostKey(String host, String fingerprint);

  /** The secret typed, or null when cancelled; the caller wipes the array. */
  char[] secret(String title, String prompt);
}

package io.rvnt.canary.openpgp;

import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * A signing key with its private part decrypted, ready for {@link CanarySigner}. Lives only in memory for one
 * signing run; drop the reference as soon as the signatures are made.
 */
public final class UnlockedKey {
  private final PGPPrivateKey privateKey;
  private final PGPPublicKey publicKey;
  private final Fingerprint primaryFingerprint;

  UnlockedKey(PGPPrivateKey privateKey, PGPPublicKey publicKey, Fingerprint primaryFingerprint) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.primaryFingerprint = primaryFingerprint;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }

  PGPPublicKey publicKey() {
    return publicKey;
  }

  /** The fingerprint verifiers pin: the primary key's, even when a subkey signs. */
  public Fingerprint fingerprint() {
    return primaryFingerprint;
  }
}

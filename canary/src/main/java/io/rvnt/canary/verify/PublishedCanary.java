package io.rvnt.canary.verify;

import java.util.Objects;

/**
 * The four files of a published canary, as fetched: {@code canary.txt}, {@code canary.txt.sig}, {@code canary.asc}
 * and {@code canary-key.asc}. The arrays are not copied; the verifier only reads them.
 */
public record PublishedCanary(byte[] text, byte[] detachedSignature, byte[] clearSigned, byte[] publicKey) {
  public PublishedCanary {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(detachedSignature, "detachedSignature");
    Objects.requireNonNull(clearSigned, "clearSigned");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}

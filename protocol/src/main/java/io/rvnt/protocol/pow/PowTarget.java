package io.rvnt.protocol.pow;

import java.util.Arrays;

/**
 * What a client solves for (spec §6.4, §6.5): the server seed it was handed, in {@code GET /v1/params} or in the
 * {@code Error} of a refusal, and the effort it bids, at least the one the server suggested.
 */
public record PowTarget(byte[] seed, long effort) {
  public PowTarget {
    if (seed.length != ProofOfWork.SEED_BYTES) {
      throw new IllegalArgumentException("a seed is " + ProofOfWork.SEED_BYTES + " bytes");
    }
    if (effort < 1) {
      throw new IllegalArgumentException("an effort is at least 1");
    }
    seed = seed.clone();
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }

  /** The same seed at another effort: a client bids more than it was told (spec §6.5). */
  public PowTarget withEffort(long newEffort) {
    return new PowTarget(seed, newEffort);
  }

  /** The proof of {@code nonce} for this target. */
  public PowProof proof(long nonce) {
    return new PowProof(this, nonce);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PowTarget other && effort == other.effort && Arrays.equals(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(effort);
  }

  @Override
  public String toString() {
    return "PowTarget[effort=" + effort + "]";
  }
}

package io.rvnt.server.pow;

/**
 * Aggregates of the adaptive proof of work for the admin listener (spec §6.6): the suggested efforts, the queue's
 * depth and its counts since start. Nothing about any one request or client (invariant 1).
 */
public record PowStatus(long registerEffort, long writeEffort, int queueDepth, long served, long dropped,
    long expired) {

  public static PowStatus of(AdaptivePow pow, PowQueue queue) {
    return new PowStatus(pow.suggested(AdaptivePow.Kind.REGISTER), pow.suggested(AdaptivePow.Kind.WRITE),
        queue.depth(), queue.served(), queue.dropped(), queue.expired());
  }
}

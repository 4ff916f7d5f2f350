package io.rvnt.server.pow;

import io.rvnt.protocol.pow.PowTarget;

/**
 * What the identity rules need of the adaptive proof of work (spec §6.4–§6.6): the target to publish for a kind of
 * request, the lowest effort to accept, the seed check, and a request's place in the queue. The other writes'
 * efforts follow the registration's in proportion to their floors: with the defaults (20 and 16 bits) a write's
 * suggested effort is a sixteenth of a registration's, never below its own floor.
 */
public final class AdaptivePow {
  /** The two kinds of proof (spec §6.2, §6.3). */
  public enum Kind { REGISTER, WRITE }

  private final SeedSchedule seeds;
  private final EffortController controller;
  private final int registerBits;
  private final int writeBits;

  public AdaptivePow(SeedSchedule seeds, EffortController controller, int registerBits, int writeBits) {
    this.seeds = seeds;
    this.controller = controller;
    this.registerBits = registerBits;
    this.writeBits = writeBits;
  }

  public SeedSchedule seeds() {
    return seeds;
  }

  public EffortController controller() {
    return controller;
  }

  /** What a client of this kind should solve for now: the current seed and the suggested effort. */
  public PowTarget target(Kind kind) {
    return new PowTarget(seeds.current().seed(), suggested(kind));
  }

  public long suggested(Kind kind) {
    return scaled(kind, controller.suggested());
  }

  /** The lowest effort a proof of this kind may bid now. */
  public long acceptFloor(Kind kind) {
    return scaled(kind, controller.acceptFloor());
  }

  public long floor(Kind kind) {
    return 1L << bits(kind);
  }

  /** A request's place in the queue: its effort in multiples of its kind's floor, so both kinds compare. */
  public double priority(Kind kind, long effort) {
    return (double) effort / floor(kind);
  }

  private int bits(Kind kind) {
    return kind == Kind.REGISTER ? registerBits : writeBits;
  }

  private long scaled(Kind kind, long registerEffort) {
    int shift = registerBits - bits(kind);
    long effort;
    if (shift >= 0) {
      effort = registerEffort >>> shift;
    } else {
      effort = registerEffort > (Long.MAX_VALUE >>> -shift) ? Long.MAX_VALUE : registerEffort << -shift;
    }
    return Math.max(floor(kind), effort);
  }
}

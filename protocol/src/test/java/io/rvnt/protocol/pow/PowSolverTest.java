package io.rvnt.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PowSolverTest {
  private static final byte[] CHALLENGE = ProofOfWork.registerChallenge(new PowTarget(new byte[32], 1), "alice", new byte[32]);

  @Test
  void findsANonceWhoseHashMeetsTheDifficulty() {
    PowSolver.Solution solution = new PowSolver(1).solve(CHALLENGE, 12, done -> {}, () -> false);
    byte[] hash = ProofOfWork.hash(CHALLENGE, solution.nonce());
    assertThat(solution.hash()).as("the reported hash is the nonce's").isEqualTo(hash);
    assertThat(ProofOfWork.leadingZeroBits(hash)).isGreaterThanOrEqualTo(12);
    assertThat(solution.attempts()).as("attempts from nonce 0").isEqualTo(solution.nonce() + 1);
  }

  @Test
  void isTheFirstSolutionFromNonceZeroWithOneThread() {
    PowSolver.Solution solution = new PowSolver(1).solve(CHALLENGE, 8, done -> {}, () -> false);
    for (long nonce = 0; nonce < solution.nonce(); nonce++) {
      assertThat(ProofOfWork.meets(ProofOfWork.hash(CHALLENGE, nonce), 8)).as("nonce %d", nonce).isFalse();
    }
  }

  @Test
  void zeroBitsIsMetByTheFirstNonce() {
    assertThat(new PowSolver(1).solve(CHALLENGE, 0, done -> {}, () -> false).nonce()).isZero();
  }

  @Test
  void severalThreadsFindAValidNonce() {
    PowSolver.Solution solution = new PowSolver(2).solve(CHALLENGE, 14, done -> {}, () -> false);
    assertThat(ProofOfWork.meets(ProofOfWork.hash(CHALLENGE, solution.nonce()), 14)).isTrue();
  }

  @Test
  void reportsProgressAsARunningTotal() {
    AtomicLong last = new AtomicLong();
    new PowSolver(1).solve(CHALLENGE, 18, last::set, () -> false);
    assertThat(last.get()).as("progress reported in batches").isPositive();
    assertThat(last.get() % PowSolver.BATCH).isZero();
  }

  @Test
  void stopsWhenCancelled() {
    assertThatThrownBy(() -> new PowSolver(1).solve(CHALLENGE, 256, done -> {}, () -> true))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> new PowSolver(2).solve(CHALLENGE, 256, done -> {}, () -> true))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> new PowSolver(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PowSolver(1).solve(new byte[31], 1, d -> {}, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PowSolver(1).solve(CHALLENGE, 257, d -> {}, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.rvnt.canary.verify;

import io.rvnt.canary.document.CanaryDocument;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying a published canary: a verdict, the reasons behind it (one line each, for people), the
 * document when its signatures were good and it could be read, and the day the check was made.
 */
public record VerificationResult(
    Verdict verdict, List<String> reasons, Optional<CanaryDocument> document, LocalDate checkedOn) {

  public VerificationResult {
    Objects.requireNonNull(verdict, "verdict");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(checkedOn, "checkedOn");
    if (verdict != Verdict.OK && reasons.isEmpty()) {
      throw new IllegalArgumentException("a failed verdict needs a reason");
    }
  }

  public boolean ok() {
    return verdict == Verdict.OK;
  }

  /** Days from the check to the due date: 0 on the due date itself, negative once overdue. */
  public Optional<Long> daysUntilDue() {
    return document.map(canary -> ChronoUnit.DAYS.between(checkedOn, canary.due()));
  }

  static VerificationResult failed(Verdict verdict, String reason, LocalDate checkedOn) {
    return new VerificationResult(verdict, List.of(reason), Optional.empty(), checkedOn);
  }
}

package io.rvnt.canary.publish;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the operator decides each month.
 *
 * @param published the publication date
 * @param due when the next canary is due; empty for the 5th of the next month
 * @param sequence the sequence number; empty for one more than the canary already in the output folder (or 1)
 * @param freshness the proof-of-freshness lines (a recent block hash, headlines)
 */
public record SigningRequest(
    LocalDate published, Optional<LocalDate> due, OptionalLong sequence, List<String> freshness) {
  public SigningRequest {
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(sequence, "sequence");
    freshness = List.copyOf(freshness);
  }
}

package io.rvnt.canary.document;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One month's canary, as signed. {@code statements} holds the statements it affirms: all five in a healthy canary,
 * fewer when one has been withdrawn (a reworded statement counts as withdrawn). The text form is {@link CanaryText}.
 *
 * @param issuer who signs, normally the signing key's user ID
 * @param published the publication date (the 1st of the month by the operators' schedule)
 * @param sequence strictly increasing from one canary to the next, so that an old canary cannot be replayed
 * @param due the date by which the next canary must be out; after it this one is stale
 * @param freshness lines the operator fills to prove the canary was not written in advance (a recent block hash,
 *     headlines)
 */
public record CanaryDocument(
    String issuer,
    LocalDate published,
    long sequence,
    LocalDate due,
    Set<Statement> statements,
    List<String> freshness) {

  public CanaryDocument {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(due, "due");
    statements = statements.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statements));
    freshness = List.copyOf(freshness);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
    }
  }

  /** A canary that affirms all five statements, as the operator signs it every month. */
  public static CanaryDocument affirmingAll(
      String issuer, LocalDate published, long sequence, LocalDate due, List<String> freshness) {
    return new CanaryDocument(
        issuer, published, sequence, due, EnumSet.allOf(Statement.class), freshness);
  }

  /** The statements this canary no longer affirms, in the architecture's order. */
  public List<Statement> missingStatements() {
    EnumSet<Statement> missing = EnumSet.allOf(Statement.class);
    missing.removeAll(statements);
    return List.copyOf(missing);
  }
}

package io.rvnt.canary.verify;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.document.Statement;
import io.rvnt.canary.openpgp.CanaryPublicKey;
import io.rvnt.canary.openpgp.ClearSignedCheck;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.openpgp.SignatureCheck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a published canary says, against a pinned key fingerprint (server architecture, "Warrant Canary";
 * issue 5). Signatures first, so that nothing unsigned is believed: the published key must be the pinned one, and
 * both {@code canary.txt.sig} and {@code canary.asc} must be good signatures by it over the same text. Then the
 * content: a publication date not in the future, a due date not passed, all five statements verbatim, and a sequence
 * number above the last one seen. Pure: no files, no network; "today" comes from the clock, in UTC.
 */
public final class CanaryVerifier {
  private final Clock clock;
  private final VerificationPolicy policy;
  private final CanaryText format;

  public CanaryVerifier(Clock clock, VerificationPolicy policy) {
    this.clock = clock;
    this.policy = policy;
    this.format = new CanaryText(policy.maxTextBytes());
  }

  /**
   * @param lastSeen the newest canary this verifier accepted before, if any; a first check trusts any sequence number
   */
  public VerificationResult verify(PublishedCanary canary, Fingerprint pinned, Optional<Seen> lastSeen) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

    CanaryPublicKey key;
    try {
      key = CanaryPublicKey.parse(canary.publicKey(), policy.maxKeyBytes());
    } catch (CanaryException e) {
      return VerificationResult.failed(Verdict.MALFORMED, "canary-key.asc: " + e.getMessage(), today);
    }
    if (!key.fingerprint().equals(pinned)) {
      return VerificationResult.failed(
          Verdict.WRONG_KEY,
          "the published key is " + key.fingerprint() + ", not the pinned key " + pinned,
          today);
    }

    SignatureCheck detached =
        key.checkDetached(canary.detachedSignature(), canary.text(), policy.maxSignatureBytes());
    if (!detached.valid()) {
      return VerificationResult.failed(verdictOf(detached), detached.reason(), today);
    }
    ClearSignedCheck clearSigned = key.checkClearSigned(canary.clearSigned(), policy.maxClearSignedBytes());
    if (!clearSigned.signature().valid()) {
      return VerificationResult.failed(verdictOf(clearSigned.signature()), clearSigned.signature().reason(), today);
    }

    CanaryDocument document;
    try {
      document = format.parse(canary.text());
    } catch (CanaryException e) {
      return VerificationResult.failed(Verdict.MALFORMED, "canary.txt: " + e.getMessage(), today);
    }
    if (!clearSigned.text().equals(new String(canary.text(), StandardCharsets.UTF_8))) {
      return VerificationResult.failed(
          Verdict.MALFORMED, "canary.asc and canary.txt are both signed but say different things", today);
    }
    return checkContent(document, Seen.of(document.sequence(), canary.text()), lastSeen, today);
  }

  private VerificationResult checkContent(
      CanaryDocument document, Seen current, Optional<Seen> lastSeen, LocalDate today) {
    LocalDate latestAcceptable = today.plusDays(policy.futureToleranceDays());
    if (document.published().isAfter(latestAcceptable)) {
      return VerificationResult.failed(
          Verdict.MALFORMED,
          "canary.txt is dated " + document.published() + ", in the future (today is " + today + " UTC)",
          today);
    }
    long validity = ChronoUnit.DAYS.between(document.published(), document.due());
    if (validity > policy.maxValidityDays()) {
      return VerificationResult.failed(
          Verdict.MALFORMED,
          "canary.txt claims to be good for "
              + validity
              + " days, more than the "
              + policy.maxValidityDays()
              + " a monthly canary may",
          today);
    }

    List<String> missing = new ArrayList<>();
    for (Statement statement : document.missingStatements()) {
      missing.add("statement " + statement.number() + " is missing: \"" + statement.text() + "\"");
    }
    List<String> stale = new ArrayList<>();
    if (today.isAfter(document.due())) {
      stale.add(
          "the canary was due to be replaced by "
              + document.due()
              + " and is "
              + ChronoUnit.DAYS.between(document.due(), today)
              + " days overdue");
    }
    lastSeen.ifPresent(
        seen -> {
          if (current.sequence() < seen.sequence()) {
            stale.add(
                "sequence "
                    + current.sequence()
                    + " is lower than "
                    + seen.sequence()
                    + ", already seen: an older canary is being served");
          } else if (current.sequence() == seen.sequence() && !current.sha256().equals(seen.sha256())) {
            stale.add(
                "sequence " + current.sequence() + " was already seen on a different canary: numbers must rise");
          }
        });

    List<String> reasons = new ArrayList<>(missing);
    reasons.addAll(stale);
    // A withdrawn statement is the canary's loudest message, so it wins over staleness.
    Verdict verdict =
        !missing.isEmpty() ? Verdict.STATEMENT_MISSING : !stale.isEmpty() ? Verdict.STALE : Verdict.OK;
    return new VerificationResult(verdict, reasons, Optional.of(document), today);
  }

  private static Verdict verdictOf(SignatureCheck check) {
    return switch (check.status()) {
      case VALID -> throw new AssertionError("a valid signature has no failing verdict");
      case BAD_SIGNATURE -> Verdict.BAD_SIGNATURE;
      case WRONG_KEY -> Verdict.WRONG_KEY;
      case MALFORMED -> Verdict.MALFORMED;
    };
  }
}

package io.rvnt.canary.publish;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.verify.CanaryVerifier;
import io.rvnt.canary.verify.PublishedCanary;
import io.rvnt.canary.verify.Seen;
import io.rvnt.canary.verify.SeenFile;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import io.rvnt.canary.verify.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Checks the canary in a site folder the way a watcher does, for the CLI's {@code verify} and {@code status} and the
 * console: read the four files, verify them against the pinned key and the last canary seen, and, when asked,
 * remember an OK canary so that an older one served later is caught. A missing or oversized file is a
 * {@link Verdict#MALFORMED} canary, not an error.
 */
public final class SiteWatch {
  private final Clock clock;
  private final VerificationPolicy policy;
  private final SeenFile seen;

  public SiteWatch(Clock clock, VerificationPolicy policy, SeenFile seen) {
    this.clock = clock;
    this.policy = policy;
    this.seen = seen;
  }

  /**
   * @param remember record an OK canary in the state file ({@code verify}); {@code status} only reads it
   * @throws CanaryException when the state file cannot be read or written: never a reason to skip the check
   */
  public VerificationResult check(Path site, Fingerprint pinned, boolean remember) throws CanaryException {
    PublishedCanary canary;
    try {
      canary = SiteDirectory.read(site, policy);
    } catch (CanaryException e) {
      if (e.reason() != Reason.BAD_INPUT) {
        throw e;
      }
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      return new VerificationResult(Verdict.MALFORMED, List.of(e.getMessage()), Optional.empty(), today);
    }
    VerificationResult result = new CanaryVerifier(clock, policy).verify(canary, pinned, seen.lastSeen(pinned));
    if (remember && result.ok()) {
      seen.record(pinned, Seen.of(result.document().orElseThrow().sequence(), canary.text()));
    }
    return result;
  }
}

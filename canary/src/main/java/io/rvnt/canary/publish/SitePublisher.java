package io.rvnt.canary.publish;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.verify.CanaryVerifier;
import io.rvnt.canary.verify.PublishedCanary;
import io.rvnt.canary.verify.Seen;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Copies a signed canary into the static site's folder, after verifying it against the pinned key exactly as users
 * will, and against the canary the site already serves: the new one must carry a higher sequence number (or be the
 * same document, which makes publishing twice harmless). Uploading the folder over SSH comes with remote management.
 */
public final class SitePublisher {
  private final CanaryVerifier verifier;
  private final VerificationPolicy policy;
  private final CanaryText format;

  public SitePublisher(Clock clock, VerificationPolicy policy) {
    this.verifier = new CanaryVerifier(clock, policy);
    this.policy = policy;
    this.format = new CanaryText(policy.maxTextBytes());
  }

  /** @return the verification of the canary now in {@code siteDirectory} */
  public VerificationResult publish(Path fromDirectory, Path siteDirectory, Fingerprint pinned)
      throws CanaryException {
    if (sameFolder(fromDirectory, siteDirectory)) {
      throw new CanaryException(Reason.BAD_INPUT, "the site folder and the signed folder are the same");
    }
    PublishedCanary canary = SiteDirectory.read(fromDirectory, policy);
    VerificationResult result = verifier.verify(canary, pinned, servedNow(siteDirectory));
    if (!result.ok()) {
      throw new CanaryException(
          Reason.NOT_VERIFIED,
          "not publishing: the canary in " + fromDirectory + " verifies as " + result.verdict() + ": "
              + String.join("; ", result.reasons()));
    }
    SiteDirectory.write(siteDirectory, canary);
    return result;
  }

  private static boolean sameFolder(Path a, Path b) throws CanaryException {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      throw new CanaryException(Reason.IO, "cannot compare " + a + " and " + b + ": " + e.getMessage(), e);
    }
  }

  /** The canary the site serves now, as a verifier that saw it would remember it. */
  private Optional<Seen> servedNow(Path siteDirectory) throws CanaryException {
    if (!SiteDirectory.hasCanary(siteDirectory)) {
      return Optional.empty();
    }
    byte[] text = SiteDirectory.readText(siteDirectory, policy);
    try {
      return Optional.of(Seen.of(format.parse(text).sequence(), text));
    } catch (CanaryException e) {
      throw new CanaryException(
          Reason.BAD_INPUT,
          "the canary.txt the site serves now is unreadable (" + e.getMessage() + "); fix the site by hand first",
          e);
    }
  }
}

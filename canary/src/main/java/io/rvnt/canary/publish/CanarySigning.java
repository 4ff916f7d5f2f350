package io.rvnt.canary.publish;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.document.DueDates;
import io.rvnt.canary.openpgp.CanarySigner;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.openpgp.UnlockedKey;
import io.rvnt.canary.verify.CanaryVerifier;
import io.rvnt.canary.verify.PublishedCanary;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The operator's monthly step: write the canary, sign it both ways, check the result exactly as a user would, and
 * only then write the four files. It refuses what would confuse users: a sequence number that does not rise, a
 * date before the previous canary's, or a canary that would not verify as OK today (dated in the future, or
 * already stale).
 */
public final class CanarySigning {
  private final Clock clock;
  private final CanaryText format;
  private final CanarySigner signer;
  private final CanaryVerifier verifier;
  private final VerificationPolicy policy;

  public CanarySigning(Clock clock, VerificationPolicy policy) {
    this.clock = clock;
    this.policy = policy;
    this.format = new CanaryText(policy.maxTextBytes());
    this.signer = new CanarySigner(clock);
    this.verifier = new CanaryVerifier(clock, policy);
  }

  /**
   * Signs and writes the canary into {@code outDirectory}. The caller owns {@code passphrase} and wipes it after.
   *
   * @return the verified result, whose document is the canary written
   */
  public VerificationResult sign(SigningKey key, char[] passphrase, SigningRequest request, Path outDirectory)
      throws CanaryException {
    Optional<CanaryDocument> previous = previous(outDirectory);
    long sequence = request.sequence().orElse(previous.map(canary -> canary.sequence() + 1).orElse(1L));
    if (previous.isPresent()) {
      CanaryDocument last = previous.get();
      if (sequence <= last.sequence()) {
        throw new CanaryException(
            Reason.REFUSED_OVERWRITE,
            "sequence " + sequence + " is not above " + last.sequence() + ", the canary already in " + outDirectory);
      }
      if (request.published().isBefore(last.published())) {
        throw new CanaryException(
            Reason.REFUSED_OVERWRITE,
            "date " + request.published() + " is before " + last.published() + ", the canary already in "
                + outDirectory);
      }
    }
    CanaryDocument document =
        CanaryDocument.affirmingAll(
            key.userId(),
            request.published(),
            sequence,
            request.due().orElse(DueDates.defaultDue(request.published())),
            request.freshness());
    byte[] text = format.render(document);

    UnlockedKey unlocked = key.unlock(passphrase);
    PublishedCanary canary =
        new PublishedCanary(
            text, signer.detached(unlocked, text), signer.clearSigned(unlocked, text), key.publicKeyArmored());

    VerificationResult check = verifier.verify(canary, key.fingerprint(), Optional.empty());
    if (!check.ok()) {
      throw new CanaryException(
          Reason.NOT_VERIFIED,
          "refusing to write a canary that verifies as " + check.verdict() + ": " + String.join("; ", check.reasons()));
    }
    SiteDirectory.write(outDirectory, canary);
    return check;
  }

  /** The canary already in the folder, which the new one must follow; none when the folder has none. */
  private Optional<CanaryDocument> previous(Path directory) throws CanaryException {
    if (!SiteDirectory.hasCanary(directory)) {
      return Optional.empty();
    }
    try {
      return Optional.of(format.parse(SiteDirectory.readText(directory, policy)));
    } catch (CanaryException e) {
      throw new CanaryException(
          Reason.BAD_INPUT,
          "the canary.txt already in " + directory + " is unreadable (" + e.getMessage() + "); move it away",
          e);
    }
  }
}

package io.rvnt.canary.verify;

import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.openpgp.CanaryPublicKey;

/**
 * The verifier's limits, each with the reason for its default.
 *
 * @param maxTextBytes largest {@code canary.txt} read ({@link CanaryText#DEFAULT_MAX_BYTES})
 * @param maxClearSignedBytes largest {@code canary.asc}: the text plus a few KiB of armor and signature
 * @param maxSignatureBytes largest {@code canary.txt.sig} ({@link CanaryPublicKey#DEFAULT_MAX_SIGNATURE_BYTES})
 * @param maxKeyBytes largest {@code canary-key.asc} ({@link CanaryPublicKey#DEFAULT_MAX_KEY_BYTES})
 * @param futureToleranceDays how far ahead of today (UTC) a publication date may be: one day, since the operator's
 *     date can be a day ahead of UTC (time zones reach UTC+14)
 * @param maxValidityDays how long after publication a canary may claim to be good: 62 days, since a monthly canary
 *     is due 35 days at most after the 1st, and a canary that never goes stale would say nothing
 */
public record VerificationPolicy(
    int maxTextBytes,
    int maxClearSignedBytes,
    int maxSignatureBytes,
    int maxKeyBytes,
    int futureToleranceDays,
    int maxValidityDays) {

  public static final int DEFAULT_FUTURE_TOLERANCE_DAYS = 1;
  public static final int DEFAULT_MAX_VALIDITY_DAYS = 62;

  public VerificationPolicy {
    requirePositive("maxTextBytes", maxTextBytes);
    requirePositive("maxClearSignedBytes", maxClearSignedBytes);
    requirePositive("maxSignatureBytes", maxSignatureBytes);
    requirePositive("maxKeyBytes", maxKeyBytes);
    requirePositive("maxValidityDays", maxValidityDays);
    if (futureToleranceDays < 0) {
      throw new IllegalArgumentException("futureToleranceDays must not be negative, was " + futureToleranceDays);
    }
  }

  public static VerificationPolicy defaults() {
    return new VerificationPolicy(
        CanaryText.DEFAULT_MAX_BYTES,
        CanaryText.DEFAULT_MAX_BYTES + 8 * 1024,
        CanaryPublicKey.DEFAULT_MAX_SIGNATURE_BYTES,
        CanaryPublicKey.DEFAULT_MAX_KEY_BYTES,
        DEFAULT_FUTURE_TOLERANCE_DAYS,
        DEFAULT_MAX_VALIDITY_DAYS);
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}

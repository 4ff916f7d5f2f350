package io.rvnt.app.canary;

import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.verify.VerificationResult;
import java.io.PrintWriter;

/** How verification results read on the terminal: the verdict first, then the canary, then each reason. */
final class Reports {
  private Reports() {}

  static void print(PrintWriter out, VerificationResult result) {
    out.println("verdict: " + result.verdict());
    result.document().ifPresent(canary -> printCanary(out, canary));
    result.daysUntilDue().ifPresent(days -> out.println("days until due: " + days));
    for (String reason : result.reasons()) {
      out.println("reason: " + reason);
    }
    if (!result.ok()) {
      out.println("The canary is not OK: assume the events it covers have occurred (docs/canary.md).");
    }
  }

  private static void printCanary(PrintWriter out, CanaryDocument canary) {
    out.println("issuer: " + canary.issuer());
    out.println("sequence: " + canary.sequence());
    out.println("published: " + canary.published());
    out.println("due: " + canary.due());
  }
}

package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.publish.SiteWatch;
import io.rvnt.canary.verify.CanaryMetricsFile;
import io.rvnt.canary.verify.SeenFile;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code verify} and {@code status} share: the options naming a published canary and the verifier's state,
 * and the check itself, printed as a report. They differ only in whether the check updates the state file.
 */
final class SiteCheck {
  @Option(
      names = "--site",
      required = true,
      paramLabel = "SITE_DIR",
      description = "Folder holding canary.txt, canary.txt.sig, canary.asc and canary-key.asc.")
  Path site;

  @Mixin PinnedKeyOptions pinned;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "Where the newest accepted sequence number is kept; default $XDG_STATE_HOME/rvnt/canary-seen.")
  Path state;

  @Option(
      names = "--metrics-file",
      paramLabel = "FILE",
      description = "Also write the result as Prometheus gauges (due time, OK, checked time) to FILE, for "
          + "node_exporter's textfile collector, e.g. /var/lib/prometheus/node-exporter/rvnt-canary.prom "
          + "(docs/monitoring.md).")
  Path metricsFile;

  /**
   * Checks the canary, prints the report to {@code out}, and returns the exit code.
   *
   * @param remember update the state file with an accepted canary (verify), or only compare against it (status)
   */
  int run(CanaryCommand parent, PrintWriter out, boolean remember) throws CanaryException {
    SeenFile seen = new SeenFile(state != null ? state : parent.defaultStateFile());
    VerificationResult result =
        new SiteWatch(pinned.clock(parent.clock()), VerificationPolicy.defaults(), seen)
            .check(site, pinned.fingerprint, remember);
    Reports.print(out, result);
    if (metricsFile != null) {
      try {
        CanaryMetricsFile.write(metricsFile, result, pinned.clock(parent.clock()).instant());
      } catch (IOException e) {
        throw new CanaryException(CanaryException.Reason.IO, "cannot write " + metricsFile + ": " + e.getMessage(), e);
      }
    }
    return result.ok() ? 0 : CanaryCommand.EXIT_ALARM;
  }
}

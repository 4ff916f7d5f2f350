package io.rvnt.testsupport;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of an admin listener's {@code /metrics} text (Prometheus format 0.0.4), for assertions. */
public final class MetricSamples {

  private MetricSamples() {}

  /**
   * The value of the sample line {@code sample}: a name with its labels exactly as the server writes them, such as
   * {@code rvnt_relay_refused_total{reason="bad_padding"}}; empty when there is no such line.
   */
  public static OptionalDouble value(String metrics, String sample) {
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }
}

package io.rvnt.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * Judges what a js peer reports of its echo streams through a Java {@link Echo} responder (p2p/src/test/js/
 * streams.mjs): the js side only counts and hashes what it sent and what came back.
 */
public final class EchoReports {
  private EchoReports() {}

  /** As many reports as streams, each with {@code size} bytes sent and echoed and one SHA-256 both ways. */
  public static void assertEveryStreamEchoed(Object reports, int size, int streams) {
    assertThat((List<?>) reports).as("one report per echo stream").hasSize(streams);
    for (Object each : (List<?>) reports) {
      Map<?, ?> report = (Map<?, ?>) each;
      assertThat(((Number) report.get("sentBytes")).intValue()).as("bytes js sent").isEqualTo(size);
      assertThat(((Number) report.get("receivedBytes")).intValue()).as("bytes the Java responder echoed")
          .isEqualTo(size);
      assertThat(report.get("received")).as("the echo's SHA-256 is that of what js sent").isEqualTo(report.get("sent"));
    }
  }
}

package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.relay.core.RelayLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §8's table is the configuration's reference: every row names a setting of the configuration file, and its
 * default is what the relay runs with when the file does not set it.
 */
class DocumentedLimitsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (\\d+) \\|", Pattern.MULTILINE);
  private static Map<String, String> documented;

  @TempDir Path dir;

  @BeforeAll
  static void readTheSpec() throws IOException {
    String spec = Files.readString(Path.of("..", "docs", "relay-protocol.md"), StandardCharsets.UTF_8);
    String limits = spec.substring(spec.indexOf("## 8. Limits"), spec.indexOf("## 9. Storage"));
    documented = new LinkedHashMap<>();
    Matcher m = ROW.matcher(limits);
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
  }

  @Test
  void everyLimitSettingIsDocumentedAndOnlyThose() {
    assertThat(documented.keySet()).as("the rows of spec §8, in the order of the configuration file")
        .containsExactlyElementsOf(RelayConfigFile.limitKeys());
  }

  @Test
  void eachDocumentedDefaultIsTheDefault() throws IOException {
    RelayLimits d = RelayLimits.DEFAULTS;
    Map<String, Long> actual = new LinkedHashMap<>();
    actual.put("retention-days", (long) d.retentionDays());
    actual.put("create-pow-bits", (long) d.createPowBits());
    actual.put("max-envelopes-per-mailbox", (long) d.maxEnvelopesPerMailbox());
    actual.put("max-bytes-per-mailbox", d.maxBytesPerMailbox());
    actual.put("max-deposit-ids-per-day", (long) d.maxDepositIdsPerDay());
    actual.put("register-days-ahead", (long) d.registerDaysAhead());
    actual.put("challenge-ttl-seconds", d.challengeTtl().toSeconds());
    actual.put("max-collect-envelopes", (long) d.maxCollectEnvelopes());
    actual.put("max-collect-bytes", (long) d.maxCollectBytes());
    actual.put("max-request-bytes", (long) d.maxRequestBytes());
    actual.put("requests-per-second", (long) d.requestsPerSecond());
    actual.put("request-burst", (long) d.requestBurst());
    actual.put("max-pipelined-requests", (long) d.maxPipelinedRequests());
    actual.put("min-free-disk-bytes", d.minFreeDiskBytes());
    actual.put("write-queue-capacity", (long) d.writeQueueCapacity());
    actual.put("max-write-batch", (long) d.maxWriteBatch());
    actual.put("purge-interval-seconds", d.purgeInterval().toSeconds());
    actual.forEach((key, value) ->
        assertThat(documented.get(key)).as("spec §8 default of %s", key).isEqualTo(String.valueOf(value)));
    // A file that sets every documented value yields the defaults again: names and parsing agree.
    Path file = dir.resolve("relay.properties");
    StringBuilder text = new StringBuilder();
    documented.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(file, text);
    assertThat(RelayConfigFile.apply(RelayConfig.defaults(), file).limits()).isEqualTo(RelayLimits.DEFAULTS);
  }

  @Test
  void anUnknownSettingIsAnErrorNamingIt() throws IOException {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "max-envelopes-per-mailbx = 3\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-envelopes-per-mailbx");
  }

  @Test
  void aValueOutOfRangeIsAnError() throws IOException {
    Path file = dir.resolve("relay.properties");
    Files.writeString(file, "retention-days = 8\n");
    assertThatThrownBy(() -> RelayConfigFile.apply(RelayConfig.defaults(), file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention-days");
  }
}

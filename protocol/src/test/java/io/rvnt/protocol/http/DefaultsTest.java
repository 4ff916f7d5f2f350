package io.rvnt.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The named defaults are the spec's: each is looked up in docs/identity-protocol.md as the spec writes it. */
class DefaultsTest {
  private static String spec;

  @BeforeAll
  static void readTheSpec() throws IOException {
    Path path = Path.of("..", "docs", "identity-protocol.md");
    assertThat(path).as("the spec, read from the protocol module's directory").exists();
    spec = Files.readString(path, StandardCharsets.UTF_8);
  }

  private static void documented(String text) {
    assertThat(spec).as("the spec says: %s", text).contains(text);
  }

  /** The spec groups thousands with a space: 32 768. */
  private static String grouped(long value) {
    return String.format(java.util.Locale.ROOT, "%,d", value).replace(',', ' ');
  }

  @Test
  void limitsOfSection9() {
    documented("| request body | " + grouped(Defaults.MAX_BODY_BYTES) + " bytes |");
    documented("| request line | " + grouped(Defaults.MAX_REQUEST_LINE_BYTES) + " bytes |");
    documented("| all headers | " + grouped(Defaults.MAX_HEADER_BYTES) + " bytes |");
    documented("| one-time prekeys per upload | " + Defaults.MAX_PREKEYS_PER_UPLOAD + " |");
    documented("| one-time prekeys stored per user | " + Defaults.MAX_STORED_PREKEYS + " |");
    documented("| " + Defaults.REQUEST_TIMEOUT.toSeconds() + " s | connection closed |");
    documented("| idle keep-alive connection | " + Defaults.IDLE_TIMEOUT.toSeconds() + " s |");
    documented("| concurrent connections per listener | " + grouped(Defaults.MAX_CONNECTIONS) + " |");
    documented("| pipelined requests waiting behind the one in progress | " + Defaults.MAX_PIPELINED_REQUESTS + " |");
    documented("At most " + Defaults.MAX_PIPELINED_REQUESTS + " wait behind the one in");
    documented("| timestamp window | ±" + Defaults.TIMESTAMP_WINDOW.toSeconds() + " s |");
  }

  @Test
  void proofOfWorkAndReplayDefaults() {
    documented("`register_pow_bits`, default " + Defaults.REGISTER_POW_BITS);
    documented("`write_pow_bits`, default " + Defaults.WRITE_POW_BITS);
    documented("(default " + grouped(Defaults.TIMESTAMP_WINDOW.toMillis()) + " ms)");
    documented("(default " + grouped(Defaults.REPLAY_CACHE_CAPACITY) + " entries)");
    documented("`\"" + Defaults.PROTOCOL_VERSION + "\"`");
  }

  @Test
  void rateLimitsOfSection8() {
    documented("by default " + Defaults.CIRCUIT_REQUESTS_PER_MINUTE + " requests per minute");
    documented("in addition\n  " + Defaults.CIRCUIT_REGISTRATIONS_PER_MINUTE + " per minute for `POST /v1/register`");
    documented("default " + Defaults.DIRECT_REQUESTS_PER_MINUTE + " requests and "
        + Defaults.DIRECT_REGISTRATIONS_PER_MINUTE + " registrations per minute");
    documented("(default " + grouped(Defaults.LIMITER_CAPACITY) + " circuits)");
  }
}

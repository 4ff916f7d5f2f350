package io.rvnt.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.http.Defaults;
import io.rvnt.protocol.socks.Socks5;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rvnt sandbox --tor} as a real process: the sandbox, then a private Tor network with the active identity
 * instance as an onion service. One network for the class, as every Tor test.
 */
class SandboxTorIT {
  /** Eight instance JVMs (three of them electing a leader) and eight tor processes on a busy 2-core machine. */
  private static final Duration ONION_DEADLINE = Duration.ofMinutes(8);
  private static final Pattern ONION_LINE =
      Pattern.compile("^onion (http://[a-z2-7]{56}\\.onion) via socks5 127\\.0\\.0\\.1:(\\d+)$");

  @TempDir Path temp;

  @Test
  void printsTheOnionOnceItAnswersServesThroughItAndLeavesNoTorBehind() throws Exception {
    try (Child sandbox = new Child(Child.java("-jar", Child.jar(), "sandbox", "--tor", "--data-dir",
        temp.resolve("sandbox").toString()), temp)) {
      String line = sandbox.awaitLine(l -> ONION_LINE.matcher(l).matches(), ONION_DEADLINE);
      Matcher onion = ONION_LINE.matcher(line);
      assertThat(onion.matches()).isTrue();
      sandbox.awaitLine(l -> l.startsWith("sandbox running"));
      assertThat(sandbox.output()).as("the active identity instance lists its onion endpoint, as the console shows "
          + "it").anyMatch(l -> l.startsWith("identity-active (")
              && l.contains("  onion " + onion.group(1) + " via socks5 127.0.0.1:"
              + onion.group(2)));

      Socks5 socks = new Socks5(new InetSocketAddress("127.0.0.1", Integer.parseInt(onion.group(2))), "sandbox-it");
      try (IdentityClient client = new IdentityClient(URI.create(onion.group(1)), ClientConfig.defaults(),
          Clock.systemUTC(), socks)) {
        assertThat(client.params().protocolVersion()).as("the printed onion and SOCKS port reach the identity server")
            .isEqualTo(Defaults.PROTOCOL_VERSION);
      }

      List<ProcessHandle> tors = sandbox.process.descendants()
          .filter(p -> p.info().command().orElse("").endsWith("/tor")).toList();
      assertThat(tors).as("the sandbox runs the eight tor processes of the private network").hasSize(8);
      sandbox.process.destroy(); // SIGTERM: the sandbox's shutdown hook stops everything
      assertThat(sandbox.process.waitFor(Child.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      for (ProcessHandle tor : tors) {
        assertThat(Child.awaitGone(tor.pid())).as("tor %d ends with the sandbox", tor.pid()).isTrue();
      }
    }
  }
}

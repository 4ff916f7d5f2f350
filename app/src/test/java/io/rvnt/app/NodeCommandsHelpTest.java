package io.rvnt.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code rvnt relay} and {@code rvnt bootstrap} share {@link NodeOptions}; each one's help keeps its own words. */
class NodeCommandsHelpTest {

  private static CommandLine command(String name) {
    return Cli.newCommandLine(new RvntCommand()).getSubcommands().get(name);
  }

  /** The help on lines wide enough that no description wraps. */
  private static String help(String name) {
    CommandLine command = command(name);
    command.setUsageHelpWidth(1_000);
    StringWriter out = new StringWriter();
    command.usage(new PrintWriter(out, true));
    return out.toString();
  }

  @Test
  void bothNodeCommandsKeepTheirOptionNames() {
    assertThat(command("relay").getCommandSpec().optionsMap().keySet()).as("rvnt relay's options")
        .containsExactlyInAnyOrder("--admin", "--config", "--data-dir", "--dns-sd", "-h", "--help", "--listen",
            "--log-level", "--max-connections", "--mdns", "--mdns-interface", "--parent-pid", "-V", "--version");
    assertThat(command("bootstrap").getCommandSpec().optionsMap().keySet()).as("rvnt bootstrap's options")
        .containsExactlyInAnyOrder("--admin", "--aggregate-log-interval", "--config", "--data-dir", "--dns-sd",
            "--dns-server", "-h", "--help", "--listen", "--log-level", "--max-connections", "--mdns",
            "--mdns-interface", "--mdns-quiet", "--parent-pid", "--peer", "-V", "--version");
  }

  @ParameterizedTest
  @CsvSource({
      "relay, 4002, 4012, Peer key and mailboxes. Default: /var/lib/rvnt/relay., Bonjour browsers list the relay, "
          + "Announce on this interface",
      "bootstrap, 4001, 4011, Peer key and DHT records. Default: /var/lib/rvnt/bootstrap., Bonjour browsers list "
          + "the node, Run mDNS on this interface"})
  void eachNodeCommandsHelpStatesItsOwnDefaults(String name, String port, String adminPort, String dataDir,
      String dnsSd, String mdnsInterface) {
    assertThat(help(name)).as("rvnt %s --help: every word NodeOptions takes from the command is filled in", name)
        .doesNotContain("${").doesNotContain("null")
        .contains("Listen address, repeatable. Default: /ip4/0.0.0.0/udp/" + port + "/quic-v1 and /ip4/0.0.0.0/tcp/"
            + port + ".")
        .contains("Loopback admin listener (metrics, health). Default: 127.0.0.1:" + adminPort
            + " (port 0 picks a free one).")
        .contains(dataDir).contains(dnsSd).contains(mdnsInterface)
        .contains("Options given on the command line override it.");
  }
}

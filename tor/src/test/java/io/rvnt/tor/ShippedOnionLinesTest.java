package io.rvnt.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShippedOnionLinesTest {
  /** The file operators install, read from the source tree rather than from the classpath copy. */
  private static final Path SHIPPED =
      Path.of(System.getProperty("user.dir")).resolve("../packaging/tor/rvnt-onion.torrc");

  @Test
  void testNetworkRunsEveryShippedLineButTheSiteSpecificTwo() throws IOException {
    List<String> shipped = Files.readAllLines(SHIPPED).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> test = OnionService.identity(4321).lines();

    assertThat(test).as("every shipped line but HiddenServiceDir and HiddenServicePort is used as shipped")
        .containsAll(shipped.stream().filter(l -> !l.startsWith("HiddenServiceDir ")
            && !l.startsWith("HiddenServicePort ")).toList());
    assertThat(test).as("the test network writes its own HiddenServiceDir")
        .noneMatch(l -> l.startsWith("HiddenServiceDir"));
    assertThat(test).as("the public port stays; the target is the test's listener")
        .contains("HiddenServicePort 80 127.0.0.1:4321");
    assertThat(test).as("tor sends the circuit id as a PROXY header, as in production")
        .contains("HiddenServiceExportCircuitID haproxy");
    assertThat(test).as("Tor's onion-service proof of work is on, as in production")
        .contains("HiddenServicePoWDefensesEnabled 1");
  }

  @Test
  void refusesShippedLinesWithoutExactlyOneServicePort() {
    assertThatThrownBy(() -> new ShippedOnionLines(List.of("HiddenServiceVersion 3")))
        .as("the shipped file must say where the service listens")
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rvnt-onion.torrc must have exactly one HiddenServicePort line");
  }
}

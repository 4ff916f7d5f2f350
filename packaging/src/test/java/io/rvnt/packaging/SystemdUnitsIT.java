package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped units pass {@code systemd-analyze verify} and score at most 1.0 (identity, witness) and 2.0 (bootstrap,
 * relay) with {@code systemd-analyze security --offline=true} (issue 7). verify needs the ExecStart binary on this
 * machine, so the checked copy points ExecStart at the JVM running the test; nothing else changes.
 */
class SystemdUnitsIT {
  static final List<String> ARCHITECTURE = List.of(
      "NoNewPrivileges=true", "ProtectSystem=strict", "ProtectHome=true", "PrivateTmp=true", "ReadOnlyPaths=/",
      "ReadWritePaths=/var/lib/rvnt", "Restart=on-failure", "StandardOutput=journal");

  @TempDir Path dir;

  @Test
  void identityUnitVerifiesAndScoresAtMostOnePointZero() throws Exception {
    checkUnit("rvnt-identity.service", 1.0);
  }

  @Test
  void witnessUnitVerifiesAndScoresAtMostOnePointZeroAsTheIdentityServer() throws Exception {
    checkUnit("rvnt-identity-witness.service", 1.0);
  }

  @Test
  void bootstrapUnitVerifiesAndScoresAtMostTwoPointZero() throws Exception {
    checkUnit("rvnt-bootstrap.service", 2.0);
  }

  @Test
  void relayUnitVerifiesAndScoresAtMostTwoPointZeroAsTheBootstrapNodes() throws Exception {
    checkUnit("rvnt-relay.service", 2.0);
  }

  @Test
  void journalIsKeptInMemoryOnly() throws Exception {
    String journald = Files.readString(Shipped.file("journald/rvnt.conf"));
    assertThat(journald).as("journald Storage=volatile: logs never reach the disk").contains("\nStorage=volatile\n");
  }

  private void checkUnit(String name, double maxScore) throws Exception {
    String shipped = Files.readString(Shipped.file("systemd/" + name));
    for (String directive : ARCHITECTURE) {
      assertThat(shipped).as(name + " carries the server architecture's " + directive).contains("\n" + directive + "\n");
    }
    assertThat(shipped).as("MemoryDenyWriteExecute kills the JVM's JIT; it must stay out")
        .doesNotContain("MemoryDenyWriteExecute=yes").doesNotContain("MemoryDenyWriteExecute=true");
    String java = ProcessHandle.current().info().command().orElseThrow();
    assertThat(shipped).contains("ExecStart=/usr/bin/java ");
    Path unit = dir.resolve(name);
    Files.writeString(unit, shipped.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));

    Shipped.Run verify = Shipped.run(List.of("systemd-analyze", "verify", unit.toString()));
    assertThat(verify.exit()).as("systemd-analyze verify " + name + ": " + verify.output()).isZero();
    assertThat(verify.output()).as("verify prints no warning for " + name).isBlank();

    // --threshold counts in tenths of the printed score (0..100).
    Shipped.Run security = Shipped.run(List.of("systemd-analyze", "security", "--offline=true",
        "--threshold=" + Math.round(maxScore * 10), unit.toString()));
    assertThat(security.exit()).as(name + " exposure must be at most " + maxScore + ": " + security.output())
        .isZero();
    Matcher score = Pattern.compile("Overall exposure level for " + Pattern.quote(name) + ": (\\d+\\.\\d)")
        .matcher(security.output());
    assertThat(score.find()).as("the score is printed: " + security.output()).isTrue();
    assertThat(Double.parseDouble(score.group(1))).as(name + " exposure score").isLessThanOrEqualTo(maxScore);
  }
}

package io.rvnt.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
  @Test
  void quotedValueReachesTheShellUnchanged() throws Exception {
    for (String value : List.of("plain", "with space", "it's", "$(rm -rf /)", "`x`", "a\"b", "'", "")) {
      Process sh = new ProcessBuilder("sh", "-c", "printf %s " + Shell.quote(value)).start();
      String out = new String(sh.getInputStream().readAllBytes());
      sh.waitFor();
      assertThat(out).as("sh sees exactly the value: " + value).isEqualTo(value);
    }
  }
}

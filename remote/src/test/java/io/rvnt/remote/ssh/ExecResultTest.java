package io.rvnt.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecResultTest {
  @Test
  void reasonIsTheLastLineOfStderrElseStdoutElseTheStatus() {
    assertThat(new ExecResult(1, "out\n", "first\nlast\n").reason()).isEqualTo("last");
    assertThat(new ExecResult(1, "only out\n", "").reason()).isEqualTo("only out");
    assertThat(new ExecResult(3, "", "").reason()).isEqualTo("exit status 3");
  }
}

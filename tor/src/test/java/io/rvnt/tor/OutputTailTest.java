package io.rvnt.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputTailTest {
  private static final Duration DRAINED = Duration.ofSeconds(60);

  @Test
  void keepsOnlyTheLatestLinesInMemoryOldestFirst() throws InterruptedException {
    int printed = OutputTail.KEPT_LINES + 50;
    String output = IntStream.rangeClosed(1, printed).mapToObj(i -> "line " + i)
        .collect(Collectors.joining("\n", "", "\n"));
    OutputTail tail = OutputTail.drain("test", new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));
    // test-support's Await is out of reach (test-support depends on this module): the same poll, by hand.
    long deadline = System.nanoTime() + DRAINED.toNanos();
    while (!tail.last(1).equals(List.of("line " + printed))) {
      assertThat(System.nanoTime() - deadline).as("the whole output is read within %s", DRAINED).isNegative();
      Thread.sleep(10);
    }
    assertThat(tail.last(Integer.MAX_VALUE)).as("a bounded tail: the first lines are dropped")
        .hasSize(OutputTail.KEPT_LINES).startsWith("line 51");
    assertThat(tail.last(2)).as("the latest lines, oldest first").containsExactly("line 249", "line 250");
  }
}

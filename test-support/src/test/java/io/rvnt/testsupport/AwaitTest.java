package io.rvnt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void valueReturnsTheFirstValueThatSatisfiesTheRule() {
    AtomicInteger polls = new AtomicInteger();
    assertThat(Await.value(Duration.ofSeconds(60), "the counter reaches 3", polls::incrementAndGet, n -> n >= 3))
        .as("the value that satisfied the rule, and no poll after it").isEqualTo(3).isEqualTo(polls.get());
  }

  @Test
  void valueFailsNamingTheRuleAndTheLastValueSeen() {
    AtomicInteger polls = new AtomicInteger();
    // A short deadline on purpose: the rule never holds, and the failure is what this test checks.
    assertThatThrownBy(() -> Await.value(Duration.ofMillis(100), "the counter goes negative",
        () -> "count " + polls.incrementAndGet(), seen -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("not within PT0.1S: the counter goes negative; last seen: count ")
        .satisfies(e -> assertThat(e.getMessage()).as("the last value polled").endsWith("count " + polls.get()));
  }

  @Test
  void untilAtAGivenPaceReturnsOnceTheConditionHoldsAndFailsNamingItOtherwise() {
    AtomicInteger polls = new AtomicInteger();
    Await.until(Duration.ofSeconds(60), Duration.ofMillis(5), "the counter reaches 3",
        () -> polls.incrementAndGet() >= 3);
    assertThat(polls.get()).as("no question asked after the condition held").isEqualTo(3);
    // A short deadline on purpose: the condition never holds, and the failure is what this test checks.
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), Duration.ofMillis(10), "it never holds", () -> false))
        .isInstanceOf(AssertionError.class).hasMessage("not within PT0.1S: it never holds");
  }

  @Test
  void valueAtAGivenPaceReturnsTheSatisfyingValueAndFailsNamingTheRuleAndTheLastValueOtherwise() {
    AtomicInteger polls = new AtomicInteger();
    assertThat(Await.value(Duration.ofSeconds(60), Duration.ofMillis(5), "the counter reaches 3",
        polls::incrementAndGet, n -> n >= 3)).as("the value that satisfied the rule, and no poll after it")
        .isEqualTo(3).isEqualTo(polls.get());
    // A short deadline on purpose: the rule never holds, and the failure is what this test checks.
    assertThatThrownBy(() -> Await.value(Duration.ofMillis(100), Duration.ofMillis(10), "it never holds",
        () -> "seen " + polls.incrementAndGet(), seen -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("not within PT0.1S: it never holds; last seen: seen ");
  }
}

package io.rvnt.server.pow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Spec §6.6: served in effort order, bounded, with a deadline; every drop is an overload for the controller. */
class PowQueueTest {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  final MutableClock clock = MutableClock.atFixedInstant();
  final EffortController controller = new EffortController(1, EffortControllerTest.config(1, 0.5, 100), clock);
  final List<String> served = new ArrayList<>();

  PowQueue queue(int capacity) {
    return new PowQueue(capacity, DEADLINE, clock, controller);
  }

  CompletableFuture<String> submit(PowQueue queue, double priority, String name) {
    return queue.submit(priority, () -> {
      served.add(name);
      return CompletableFuture.completedFuture(name);
    });
  }

  static PowQueue.Reason refusal(CompletableFuture<?> future) {
    assertThat(future).as("refused").isCompletedExceptionally();
    try {
      future.join();
      throw new AssertionError("not refused");
    } catch (CompletionException e) {
      return ((PowQueue.Refused) e.getCause()).reason();
    }
  }

  @Test
  void servesTheHighestEffortFirstAndEqualEffortsInArrivalOrder() throws Exception {
    PowQueue queue = queue(8);
    CompletableFuture<String> low = submit(queue, 1.0, "low");
    submit(queue, 3.0, "high");
    submit(queue, 2.0, "middle");
    submit(queue, 3.0, "high, later");
    for (int i = 0; i < 4; i++) {
      queue.serveNext();
    }
    assertThat(served).containsExactly("high", "high, later", "middle", "low");
    assertThat(low).isCompletedWithValue("low");
    assertThat(queue.served()).isEqualTo(4);
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aFullQueuePushesOutItsLowestEffortForAHigherOne() throws Exception {
    PowQueue queue = queue(2);
    CompletableFuture<String> low = submit(queue, 1.0, "low");
    submit(queue, 2.0, "middle");
    submit(queue, 5.0, "high");
    assertThat(refusal(low)).as("the lowest effort makes room").isEqualTo(PowQueue.Reason.FULL);
    assertThat(queue.depth()).as("bounded").isEqualTo(2);
    CompletableFuture<String> lower = submit(queue, 0.5, "lower");
    assertThat(refusal(lower)).as("a bid below everything waiting is dropped itself").isEqualTo(PowQueue.Reason.FULL);
    assertThat(queue.dropped()).isEqualTo(2);
    queue.serveNext();
    queue.serveNext();
    assertThat(served).containsExactly("high", "middle");
  }

  @Test
  void aRequestPastTheDeadlineIsDroppedWhenItsTurnComes() throws Exception {
    PowQueue queue = queue(4);
    CompletableFuture<String> old = submit(queue, 9.0, "old");
    clock.advance(DEADLINE.plusMillis(1));
    CompletableFuture<String> fresh = submit(queue, 1.0, "fresh");
    queue.serveNext();
    queue.serveNext();
    assertThat(refusal(old)).isEqualTo(PowQueue.Reason.EXPIRED);
    assertThat(fresh).isCompletedWithValue("fresh");
    assertThat(served).containsExactly("fresh");
    assertThat(queue.expired()).isEqualTo(1);
  }

  @Test
  void everyDropMarksThePeriodOverloaded() throws Exception {
    PowQueue queue = queue(1);
    submit(queue, 1.0, "kept");
    submit(queue, 0.5, "dropped");
    clock.advance(EffortControllerTest.PERIOD);
    assertThat(controller.suggested()).as("spec §6.6: the effort rose after a drop").isEqualTo(2);
    queue.serveNext();
    submit(queue, 1.0, "expires");
    clock.advance(DEADLINE.plusMillis(1));
    long before = controller.suggested();
    queue.serveNext();
    clock.advance(EffortControllerTest.PERIOD);
    assertThat(controller.suggested()).as("and after an expiry").isEqualTo(before + 1);
  }

  @Test
  void aFailingRequestFailsItsFutureAndTheQueueGoesOn() throws Exception {
    PowQueue queue = queue(4);
    CompletableFuture<String> failing = queue.submit(2.0, () -> {
      throw new IllegalStateException("boom");
    });
    CompletableFuture<String> next = submit(queue, 1.0, "next");
    queue.serveNext();
    queue.serveNext();
    assertThat(failing).isCompletedExceptionally();
    assertThat(next).isCompletedWithValue("next");
  }

  @Test
  void closingRefusesWhatWaitsAndWhatComes() {
    PowQueue queue = queue(4);
    CompletableFuture<String> waiting = submit(queue, 1.0, "waiting");
    assertThat(queue.close(Duration.ZERO)).as("no thread to wait for").isTrue();
    assertThat(refusal(waiting)).isEqualTo(PowQueue.Reason.CLOSED);
    assertThat(refusal(submit(queue, 1.0, "late"))).isEqualTo(PowQueue.Reason.CLOSED);
    assertThat(served).isEmpty();
  }

  @Test
  void itsThreadsServeWhatIsSubmitted() {
    PowQueue queue = queue(4).start(2);
    try {
      assertThat(submit(queue, 1.0, "one").join()).isEqualTo("one");
    } finally {
      assertThat(queue.close(Duration.ofSeconds(30))).as("the threads stop").isTrue();
    }
  }
}

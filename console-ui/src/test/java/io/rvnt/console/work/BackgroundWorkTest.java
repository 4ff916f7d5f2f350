package io.rvnt.console.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundWorkTest {

  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final long DEADLINE_SECONDS = 60;
  @Test
  void deliversTheResultAndReportsDone() {
    BackgroundWork work = new BackgroundWork(Runnable::run, new Direct());
    List<String> results = new ArrayList<>();
    work.start("Counting", progress -> {
      progress.update(0.5, "half way");
      return "42";
    }, results::add);
    assertThat(results).as("the result reaches the ui executor").containsExactly("42");
    assertThat(work.busyProperty().get()).as("not busy once done").isFalse();
    assertThat(work.messageProperty().get()).isEqualTo("Counting: done");
    assertThat(work.errorProperty().get()).isEmpty();
  }

  @Test
  void showsAFailureAsItsMessageWithoutClassNames() {
    BackgroundWork work = new BackgroundWork(Runnable::run, new Direct());
    work.start("Reading", progress -> {
      throw new IllegalStateException("wrapped", new IOException("disk full"));
    }, ignored -> { });
    assertThat(work.errorProperty().get()).as("the operator reads the reason, not a stack trace")
        .isEqualTo("wrapped");
    assertThat(work.messageProperty().get()).isEqualTo("Reading: failed");
    assertThat(Errors.readable(new RuntimeException(new IOException("disk full")))).as("deepest message")
        .isEqualTo("java.io.IOException: disk full");
    assertThat(Errors.readable(new NullPointerException())).doesNotContain("java.").contains("NullPointerException");
  }

  @Test
  void cancelInterruptsTheJobAndSaysCancelled() throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      BackgroundWork work = new BackgroundWork(Runnable::run, background);
      CountDownLatch running = new CountDownLatch(1);
      List<String> results = new ArrayList<>();
      work.start("Waiting", progress -> {
        running.countDown();
        new CountDownLatch(1).await();
        return "never";
      }, results::add);
      assertThat(running.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
      work.cancel();
      background.shutdown();
      assertThat(background.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the job ended on cancel")
          .isTrue();
      assertThat(results).as("a cancelled job delivers nothing").isEmpty();
      assertThat(work.busyProperty().get()).isFalse();
      assertThat(work.messageProperty().get()).isEqualTo("Waiting: cancelled");
      assertThat(work.errorProperty().get()).as("cancelling is not an error").isEmpty();
    } finally {
      background.shutdownNow();
    }
  }

  @Test
  void runsOneJobAtATime() {
    ExecutorService never = Executors.newSingleThreadExecutor();
    try {
      BackgroundWork work = new BackgroundWork(Runnable::run, never);
      CountDownLatch hold = new CountDownLatch(1);
      assertThat(work.start("First", progress -> hold.await(DEADLINE_SECONDS, TimeUnit.SECONDS), r -> { })).isTrue();
      assertThat(work.start("Second", progress -> true, r -> { })).as("a second job is refused while busy").isFalse();
      hold.countDown();
    } finally {
      never.shutdownNow();
    }
  }
}

package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a rolling deploy asks a member to take the lead again (docs/cluster.md, "Moving leadership"). */
class LeadershipMoveTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:00:00Z"));
  final Instant deadline = clock.instant().plus(LeadershipMove.ANSWER_TIMEOUT);
  final List<String> notices = new ArrayList<>();
  final List<Duration> pauses = new ArrayList<>();

  AdminHttp.Response ask(Deque<AdminHttp.Response> answers) throws Exception {
    return LeadershipMove.askUntilSettled(answers::remove, deadline, clock, pause -> {
      pauses.add(pause);
      clock.advance(pause);
    }, notices::add);
  }

  static AdminHttp.Response answer(int status) {
    return new AdminHttp.Response(status, "HTTP " + status);
  }

  @Test
  void aMemberNotCaughtUpYetIsAskedAgainUntilItTakesTheLead() throws Exception {
    AdminHttp.Response last = ask(new ArrayDeque<>(List.of(answer(504), answer(503), answer(504), answer(200))));

    assertThat(last.status()).as("504 (not caught up) and 503 (no leader) are asked again").isEqualTo(200);
    assertThat(notices).containsExactly("not caught up yet, the member says; asking again",
        "no leader answered yet; asking again", "not caught up yet, the member says; asking again");
    assertThat(pauses).as("paced, one pause between two requests").containsOnly(LeadershipMove.RETRY_PAUSE)
        .hasSize(3);
  }

  @Test
  void aMemberThatNeverCatchesUpGetsItsLastAnswerReportedAtTheDeadline() throws Exception {
    Deque<AdminHttp.Response> forever = new ArrayDeque<>();
    for (int i = 0; i < 1000; i++) {
      forever.add(answer(504));
    }
    AdminHttp.Response last = ask(forever);

    assertThat(last.status()).as("the member's own reason, once the deadline is near").isEqualTo(504);
    assertThat(clock.instant()).as("never asks past the deadline").isBefore(deadline);
    assertThat(pauses).hasSize((int) (LeadershipMove.ANSWER_TIMEOUT.toMillis()
        / LeadershipMove.RETRY_PAUSE.toMillis()) - 1);
  }

  @Test
  void anyOtherRefusalIsFinalAtOnce() throws Exception {
    for (int status : new int[] {404, 409, 500}) {
      AdminHttp.Response last = ask(new ArrayDeque<>(List.of(answer(status), answer(200))));
      assertThat(last.status()).as("HTTP %d (unknown member, witness, failure) is not asked again", status)
          .isEqualTo(status);
    }
    assertThat(pauses).isEmpty();
  }
}

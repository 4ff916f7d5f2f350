package io.rvnt.remote.ssh;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What this process knows of the one-time codes its hosts accepted. pam_google_authenticator, enrolled as
 * docs/remote.md says ({@code DISALLOW_REUSE}), takes each code once, and codes change every 30 s at the same instants
 * everywhere (RFC 6238 counts 30-second steps of Unix time). A second login to a host within the step in which it
 * accepted a code would get that same code from the operator and be refused, so it waits for the next step first.
 * Thread-safe.
 */
final class OneTimeCodes {
  /** RFC 6238's time step, pam_google_authenticator's default. */
  static final long STEP_SECONDS = 30;

  private final Clock clock;
  /** user@address:port → the step in which that login last had a code accepted. */
  private final Map<String, Long> acceptedIn = new ConcurrentHashMap<>();

  OneTimeCodes(Clock clock) {
    this.clock = clock;
  }

  /** Seconds until the operator's authenticator shows the next code. */
  long secondsToNextCode() {
    return STEP_SECONDS - Math.floorMod(clock.instant().getEpochSecond(), STEP_SECONDS);
  }

  /** Whether a new code may be asked for {@code login} now: it accepted none in the current step. */
  boolean fresh(String login) {
    Long step = acceptedIn.get(login);
    return step == null || step < currentStep();
  }

  /** Waits until a new code may be asked for {@code login}, telling {@code notices} why once. */
  void awaitFresh(String login, String hostName, Consumer<String> notices) throws InterruptedException {
    if (fresh(login)) {
      return;
    }
    notices.accept(hostName + " took this half-minute's one-time code already (each code works once): waiting "
        + secondsToNextCode() + " s for the next one");
    while (!fresh(login)) {
      // Whole steps of wall-clock time are what the operator's authenticator follows.
      Thread.sleep(Duration.ofSeconds(secondsToNextCode()).toMillis() + 50);
    }
  }

  void accepted(String login) {
    acceptedIn.put(login, currentStep());
  }

  private long currentStep() {
    return Math.floorDiv(clock.instant().getEpochSecond(), STEP_SECONDS);
  }
}

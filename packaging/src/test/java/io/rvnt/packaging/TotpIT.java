package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ops.Outcome;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.Sshd;
import io.rvnt.testsupport.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second factor as docs/remote.md sets it up (issue 12, item 5): a real sshd with the shipped rvnt-sshd.conf and
 * a TOTP secret enrolled with the documented {@code google-authenticator -t -d -f -r 3 -R 30 -w 3} (each code once,
 * 3 logins per 30 s). Each failure says which trap it was, where the server tells it; an action logs in once; a
 * host that took this half-minute's code waits for the next; several hosts ask for their codes one after another.
 * Each test starts its own servers: the secret file keeps the rate limit's and the used codes' state.
 */
class TotpIT {
  @TempDir Path dir;
  final List<Sshd> servers = new ArrayList<>();
  final List<String> notes = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stopServers() throws Exception {
    for (Sshd sshd : servers) {
      sshd.close();
    }
  }

  /** An sshd with the shipped rvnt-sshd.conf ahead of {@code first} lines, and TOTP enrolled as the docs say. */
  Sshd sshd(String name, String... first) throws Exception {
    List<String> config = new ArrayList<>(List.of(first));
    for (String line : Files.readAllLines(Shipped.file("ssh/rvnt-sshd.conf"))) {
      // The fixture logs in as root, its only user; everything else is the shipped file's.
      if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("PermitRootLogin")) {
        config.add(line);
      }
    }
    Sshd sshd = Sshd.startEnrolled(Files.createDirectories(dir.resolve(name)), config);
    servers.add(sshd);
    return sshd;
  }

  /**
   * A plain-mode host whose rvnt-service only says "inactive": the status action then needs nothing but a login,
   * which is what these tests are about.
   */
  Host host(String name, Sshd sshd) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name + "-root"));
    Path service = Files.createDirectories(root.resolve("opt/rvnt/bin")).resolve("rvnt-service");
    Files.writeString(service, "#!/bin/sh\necho inactive\nexit 3\n");
    Files.setPosixFilePermissions(service, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return new Host(name, "127.0.0.1", sshd.port(), "root", Role.BOOTSTRAP,
        Optional.of(sshd.hostKeyFingerprint()), ServiceMode.PLAIN, root.toString(), sshd.clientKey(), 9091);
  }

  /** An operator reading the authenticator app: the code of this moment. */
  Credentials readingTheApp(Sshd sshd) {
    return new Credentials(Credentials.SecretPrompt.NONE,
        prompt -> Totp.code(sshd.totpSecret(), Instant.now()).toCharArray());
  }

  /**
   * Codes the host will take: each of the steps it accepts (-w 3: the one before, this one, the next) at most once.
   * Lets one test log in three times within a step without waiting.
   */
  Credentials distinctCodes(Sshd sshd) {
    Set<Long> used = Collections.synchronizedSet(new HashSet<>());
    return new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      long now = Instant.now().getEpochSecond() / 30;
      for (long step = now - 1; step <= now + 1; step++) {
        if (used.add(step)) {
          return Totp.code(sshd.totpSecret(), Instant.ofEpochSecond(step * 30)).toCharArray();
        }
      }
      throw new AssertionError("three codes used within one step");
    });
  }

  static String failure(SshConnector connector, Host host, Credentials credentials) {
    try (RemoteSession session = connector.open(host, credentials)) {
      throw new AssertionError(host.name() + " logged in, but should have been refused");
    } catch (RemoteException e) {
      return e.getMessage();
    }
  }

  static int logins(Sshd sshd) throws Exception {
    return (int) sshd.log().lines().filter(l -> l.startsWith("Accepted keyboard-interactive/pam")).count();
  }

  @Test
  void aFourthLoginWithinThirtySecondsIsReportedAsTheRateLimitNotAsAWrongCode() throws Exception {
    Sshd sshd = sshd("rate");
    Host host = host("rate1", sshd);
    Credentials codes = distinctCodes(sshd);
    for (int i = 0; i < 3; i++) {
      // A connector each: this test is about the host's limit, not about this process waiting for fresh codes.
      try (RemoteSession session = new SshConnector(SshSettings.DEFAULTS).open(host, codes)) {
        assertThat(session.exec("true").ok()).isTrue();
      }
    }
    String why = failure(new SshConnector(SshSettings.DEFAULTS), host, readingTheApp(sshd));
    assertThat(why).as("the host refused before asking for a code: its rate limit, said as such")
        .startsWith("rate1: key accepted, but the host refused the second factor without asking for a code")
        .contains("too many logins in the last 30 s");
  }

  @Test
  void aWrongCodeIsReportedAsARefusedCode() throws Exception {
    Sshd sshd = sshd("wrong");
    Credentials wrong = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      String good = Totp.code(sshd.totpSecret(), Instant.now());
      return String.format("%06d", (Integer.parseInt(good) + 500_000) % 1_000_000).toCharArray();
    });
    assertThat(failure(new SshConnector(SshSettings.DEFAULTS), host("wrong1", sshd), wrong))
        .as("the key was accepted and the code was asked: the code is what failed")
        .startsWith("wrong1: key accepted, one-time code refused: mistyped, expired, or already used");
  }

  @Test
  void aKeyTheHostDoesNotKnowIsReportedAsTheKey() throws Exception {
    Sshd sshd = sshd("key");
    Path other = dir.resolve("other_key");
    CommandRun.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())).requireSuccess();
    Host base = host("key1", sshd);
    Host host = new Host(base.name(), base.address(), base.port(), base.user(), base.role(), base.hostKey(),
        base.mode(), base.root(), other, base.adminPort());
    assertThat(failure(new SshConnector(SshSettings.DEFAULTS), host, readingTheApp(sshd)))
        .isEqualTo("key1: the host refused the key " + other + " for root");
  }

  @Test
  void aCodeTypedAfterLoginGraceTimeRanOutIsReportedAsThatTimeout() throws Exception {
    // The shipped LoginGraceTime is 30 s; 3 s here, so that the test does not wait for half a minute.
    Sshd sshd = sshd("grace", "LoginGraceTime 3");
    Credentials slowOperator = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      // The operator answers only once sshd has given up on the login and closed the connection: this end's socket
      // then waits in CLOSE-WAIT. (Debian's sshd no longer logs the timeout: no logging in signal handlers.)
      Await.until(Duration.ofSeconds(60), "sshd closes the connection after LoginGraceTime",
          () -> CommandRun.run(List.of("ss", "-Htn", "state", "close-wait", "(", "dport", "=", ":" + sshd.port(), ")"))
              .stdout().contains(":" + sshd.port()));
      return Totp.code(sshd.totpSecret(), Instant.now()).toCharArray();
    });
    assertThat(failure(new SshConnector(SshSettings.DEFAULTS), host("grace1", sshd), slowOperator))
        .as("the host closed the connection while the code was typed: LoginGraceTime, said as such")
        .startsWith("grace1: the host closed the connection ")
        .contains("while waiting for the one-time code")
        .contains("LoginGraceTime");
  }

  @Test
  void aSecondLoginWithinTheSameHalfMinuteWaitsForTheNextCodeInsteadOfReusingOne() throws Exception {
    Sshd sshd = sshd("reuse");
    Host host = host("reuse1", sshd);
    HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS), readingTheApp(sshd),
        new ActionLog(dir.resolve("actions.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC());
    List<Long> loggedInSteps = Collections.synchronizedList(new ArrayList<>());
    Progress progress = (name, step) -> {
      notes.add(name + ": " + step);
      if (step.equals("logged in")) {
        loggedInSteps.add(Instant.now().getEpochSecond() / 30);
      }
    };
    // Both actions in one half-minute as far as possible: begin early in one (a busy machine may still cross it).
    Await.until(Duration.ofSeconds(40), "a half-minute has 20 s or more left",
        () -> 30 - Instant.now().getEpochSecond() % 30 >= 20);
    ActionResult first = actions.status(host, progress, new Cancellation());
    assertThat(first.outcome()).as("status 1: %s / %s", first.detail(), notes).isEqualTo(Outcome.OK);
    long secondAsked = Instant.now().getEpochSecond() / 30;
    ActionResult second = actions.status(host, progress, new Cancellation());
    assertThat(second.outcome()).as("status 2, not refused for a reused code: %s / %s", second.detail(), notes)
        .isEqualTo(Outcome.OK);
    assertThat(loggedInSteps).hasSize(2);
    assertThat(loggedInSteps.get(1)).as("the two logins used codes of different half-minutes")
        .isGreaterThan(loggedInSteps.get(0));
    if (secondAsked == loggedInSteps.get(0)) {
      assertThat(notes).as("the second login, asked within the first one's half-minute, said why it waited")
          .anySatisfy(n -> assertThat(n).startsWith("reuse1: reuse1 took this half-minute's one-time code already"));
    }
    assertThat(logins(sshd)).isEqualTo(2);
  }

  @Test
  void twoLoginsToOneHostAtOnceDoNotCollideOnOneCode() throws Exception {
    Sshd sshd = sshd("parallel");
    Host host = host("par1", sshd);
    SshConnector connector = new SshConnector(SshSettings.DEFAULTS);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        both.add(pool.submit(() -> {
          try (RemoteSession session = connector.open(host, readingTheApp(sshd))) {
            return session.exec("echo in").stdout().strip();
          } catch (RemoteException e) {
            return e.getMessage();
          }
        }));
      }
      for (Future<String> login : both) {
        assertThat(login.get()).as("both logins succeed: %s", notes).isEqualTo("in");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void severalHostsAskForTheirCodesOneAfterAnotherEachRightAfterItsConnectionOpened() throws Exception {
    Sshd first = sshd("order-a");
    Sshd second = sshd("order-b");
    List<Host> hosts = List.of(host("a", first), host("b", second));
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Credentials credentials = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      String name = prompt.substring(0, prompt.indexOf(' '));
      events.add(name + ": asked");
      return Totp.code((name.equals("a") ? first : second).totpSecret(), Instant.now()).toCharArray();
    });
    HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS), credentials,
        new ActionLog(dir.resolve("actions.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC());
    Progress progress = (name, step) -> events.add(name + ": " + step);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<ActionResult> results;
    try {
      results = new Fleet(pool).run(hosts, "status", h -> actions.status(h, progress, new Cancellation()));
    } finally {
      pool.shutdownNow();
    }
    assertThat(results).as("%s", results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.OK));
    List<String> logins = events.stream().filter(e -> e.endsWith(": connecting") || e.endsWith(": asked")
        || e.endsWith(": logged in")).toList();
    List<String> aFirst = List.of("a: connecting", "a: asked", "a: logged in", "b: connecting", "b: asked",
        "b: logged in");
    List<String> bFirst = List.of("b: connecting", "b: asked", "b: logged in", "a: connecting", "a: asked",
        "a: logged in");
    assertThat(logins).as("one host's login (connect, code, done) ends before the next one's connection opens, so "
        + "no host's LoginGraceTime runs while another's code is typed").isIn(aFirst, bFirst);
    assertThat(events).as("each prompt names its host and when its code changes")
        .noneMatch(e -> e.contains("asked") && !e.matches("[ab]: asked"));
  }

  @Test
  void anActionOnAHostLogsInOnceForAllItsSteps() throws Exception {
    Sshd sshd = sshd("once");
    Host host = host("once1", sshd);
    List<String> prompts = Collections.synchronizedList(new ArrayList<>());
    Credentials credentials = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      prompts.add(prompt);
      return Totp.code(sshd.totpSecret(), Instant.now()).toCharArray();
    });
    HostActions actions = new HostActions(new SshConnector(SshSettings.DEFAULTS), credentials,
        new ActionLog(dir.resolve("actions.log"), Clock.systemUTC()), HealthSettings.DEFAULTS, Clock.systemUTC());
    // Provision: upload, checksum, unpack, install.sh, clean-up: many steps, one login.
    ActionResult provisioned = actions.provision(host, Bundle.of(Shipped.bundle()), List.of(), Progress.NONE,
        new Cancellation());
    assertThat(provisioned.outcome()).as(provisioned.detail()).isEqualTo(Outcome.OK);
    assertThat(logins(sshd)).as("one login for every step of the provision").isEqualTo(1);
    assertThat(prompts).as("one code asked").hasSize(1);
    assertThat(prompts.get(0)).as("the prompt names the host, the server's prompt and the code's time left")
        .matches("once1 Verification code: \\(this code changes in \\d+ s\\) ");
    try (Stream<Path> left = Files.list(Path.of(host.root(), "opt/rvnt/incoming"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("rvnt-"
          + Bundle.of(Shipped.bundle()).version() + ".tar.gz");
    }
  }
}

package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ssh.ExecResult;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Shell;
import io.rvnt.remote.ssh.Tunnel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Makes a cluster member the leader, over its SSH session: its member name is its config's {@code cluster-self}, and
 * its loopback admin listener, reached through a port forward, is asked what {@code ./rvnt cluster
 * transfer-leadership --to NAME} asks ({@code POST /cluster/transfer-leadership?to=NAME}, docs/cluster.md "Moving
 * leadership"). Thread-safe.
 */
final class LeadershipMove {
  /** The member waits up to twice cluster-request-timeout (reconfiguration, then handover); as the CLI's wait. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
  static final String PATH = "/cluster/transfer-leadership";
  /** As the server's ClusterMember.NAME: the name is spliced into a URL. */
  private static final Pattern MEMBER_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /**
   * Between two requests after a 503 or a 504; a Raft election or configuration change settles within seconds, and a
   * member that just restarted catches up on the log within a few more.
   */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

  /** One request to the admin listener. */
  @FunctionalInterface
  interface Ask {
    AdminHttp.Response once() throws IOException, InterruptedException;
  }

  /** Waits between two requests; {@code Thread::sleep} but in tests. */
  @FunctionalInterface
  interface Pause {
    void sleep(Duration pause) throws InterruptedException;
  }

  private final Duration connectTimeout;
  private final Clock clock;

  LeadershipMove(Duration connectTimeout, Clock clock) {
    this.connectTimeout = connectTimeout;
    this.clock = clock;
  }

  /** The admin listener's answer once the member leads ({@code leadership moved to NAME}, {@code NAME leads ...}). */
  String to(RemoteSession session, Progress progress) throws RemoteException {
    Host host = session.host();
    String name = memberName(session);
    progress.step(host.name(), "POST " + PATH + "?to=" + name + " through the SSH forward");
    AdminHttp.Response answer;
    Instant deadline = clock.instant().plus(ANSWER_TIMEOUT);
    try (Tunnel tunnel = session.forward(host.adminPort())) {
      AdminHttp http = new AdminHttp(connectTimeout);
      answer = askUntilSettled(() -> http.post(tunnel.localPort(), PATH + "?to=" + name, ANSWER_TIMEOUT), deadline,
          clock, pause -> Thread.sleep(pause.toMillis()), notice -> progress.step(host.name(), notice));
    } catch (IOException e) {
      throw new RemoteException(Reason.UNHEALTHY, host.name() + ": admin listener not reachable ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(Reason.CANCELLED, host.name() + ": interrupted", e);
    }
    String body = answer.body().strip();
    if (answer.status() == 404 && body.equals("not found")) {
      throw new RemoteException(Reason.UNHEALTHY, host.name() + ": its server is not a cluster member");
    }
    if (answer.status() != 200) {
      throw new RemoteException(Reason.UNHEALTHY, host.name() + ": leadership did not move: "
          + (body.isEmpty() ? "HTTP " + answer.status() : body));
    }
    return body;
  }

  /**
   * Asks until the answer is final or {@code deadline} would pass before the next request. Two answers are worth
   * asking again, as an operator would after reading cluster status: 503, "no leader answered" (a member that just
   * came back may meet the cluster between two configurations), and 504, "did not take over within
   * cluster-request-timeout" (a member that has just restarted, healthy, may still be catching up on the log, and
   * Ratis hands leadership only to a caught-up member). Every other answer is final.
   */
  static AdminHttp.Response askUntilSettled(Ask ask, Instant deadline, Clock clock, Pause pause,
      Consumer<String> notices) throws IOException, InterruptedException {
    AdminHttp.Response answer = ask.once();
    while ((answer.status() == 503 || answer.status() == 504)
        && clock.instant().plus(RETRY_PAUSE).isBefore(deadline)) {
      notices.accept(answer.status() == 503 ? "no leader answered yet; asking again"
          : "not caught up yet, the member says; asking again");
      pause.sleep(RETRY_PAUSE);
      answer = ask.once();
    }
    return answer;
  }

  /** The last {@code cluster-self = NAME} line of the role's config on the host. */
  private static String memberName(RemoteSession session) throws RemoteException {
    Host host = session.host();
    String config = host.prefix() + host.role().config();
    ExecResult read = session.exec("sed -n 's/^[[:space:]]*cluster-self[[:space:]]*=[[:space:]]*//p' "
        + Shell.quote(config));
    String name = read.stdout().strip().lines().reduce((first, second) -> second).orElse("").strip();
    if (!read.ok() || name.isEmpty()) {
      throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": no cluster-self in " + config
          + (read.ok() ? "" : " (" + read.reason() + ")"));
    }
    if (!MEMBER_NAME.matcher(name).matches()) {
      throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": cluster-self in " + config
          + " is not a member's name");
    }
    return name;
  }
}

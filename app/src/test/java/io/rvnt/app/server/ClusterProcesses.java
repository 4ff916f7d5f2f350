package io.rvnt.app.server;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.cluster.MemberView;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.server.cluster.MemberKeys;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.RvntProcess;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three-member identity cluster of docs/cluster.md as real {@code ./rvnt server} processes on loopback: alpha
 * (active), beta (passive) and gamma (witness), each with its own configuration file, data directory, key and
 * certificate. A member can be killed (SIGKILL) and started again on the same directory; its API and admin ports are
 * 0, so they change, and are read from what it prints. Everything is read through the processes' own interfaces:
 * the API and the admin {@code /metrics}.
 */
final class ClusterProcesses implements AutoCloseable {
  static final List<String> NAMES = List.of("alpha", "beta", "gamma");
  static final Map<String, String> ROLES = Map.of("alpha", "active", "beta", "passive", "gamma", "witness");
  static final Duration START_DEADLINE = Duration.ofSeconds(180);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern API = Pattern.compile("^identity server listening on http://(\\S+):(\\d+)$",
      Pattern.MULTILINE);
  private static final Pattern ADMIN = Pattern.compile("^admin listening on http://(\\S+):(\\d+)$",
      Pattern.MULTILINE);

  private final Path dir;
  private final Map<String, Path> configs = new HashMap<>();
  // Read by the client threads while the test starts and kills members.
  private final Map<String, Member> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> raftPorts = new HashMap<>();
  /** Every process ever started, killed ones included, in start order: what they printed stays readable. */
  private final List<Map.Entry<String, RvntProcess>> started = new CopyOnWriteArrayList<>();

  /** A running member: its process and where it listens (no API address for the witness). */
  record Member(RvntProcess process, Optional<InetSocketAddress> api, InetSocketAddress admin) {}

  private ClusterProcesses(Path dir) {
    this.dir = dir;
  }

  /** Writes the keys and configuration files of all three members, with {@code extra} lines for each. */
  static ClusterProcesses create(Path dir, String... extra) throws IOException {
    ClusterProcesses cluster = new ClusterProcesses(dir);
    Map<String, String> members = new LinkedHashMap<>();
    for (String name : NAMES) {
      String pin = MemberKeys.generate(name, dir.resolve(name + ".key"), dir.resolve(name + ".crt")).pin();
      cluster.raftPorts.put(name, LoopbackPorts.free());
      members.put(name, ROLES.get(name) + " 127.0.0.1:" + cluster.raftPorts.get(name) + " " + pin);
    }
    // One proof-of-work seed key for all three (docs/cluster.md).
    Path seedKey = TestPow.writeKey(dir.resolve("pow-seed.key"));
    for (String name : NAMES) {
      StringBuilder text = new StringBuilder()
          .append("register-pow-bits = ").append(ServerApi.REGISTER_BITS).append('\n')
          .append("write-pow-bits = ").append(ServerApi.WRITE_BITS).append('\n')
          .append("pow-seed-key = ").append(seedKey).append('\n')
          .append("cluster-self = ").append(name).append('\n')
          .append("cluster-key = ").append(dir.resolve(name + ".key")).append('\n')
          .append("cluster-certificate = ").append(dir.resolve(name + ".crt")).append('\n');
      members.forEach((member, line) -> text.append("cluster-member.").append(member).append(" = ").append(line)
          .append('\n'));
      for (String line : extra) {
        text.append(line).append('\n');
      }
      Path config = dir.resolve(name + ".conf");
      Files.writeString(config, text, StandardCharsets.UTF_8);
      cluster.configs.put(name, config);
    }
    return cluster;
  }

  /** Starts {@code name} on its data directory and waits until it listens. */
  Member start(String name) throws IOException {
    if (running.containsKey(name)) {
      throw new IllegalStateException(name + " already runs");
    }
    RvntProcess process = RvntProcess.start(List.of("-Xmx256m"), List.of("server",
        "--config", configs.get(name).toString(), "--data-dir", dataDir(name).toString(),
        "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"));
    started.add(Map.entry(name, process));
    try {
      Optional<InetSocketAddress> api = Optional.empty();
      if (!ROLES.get(name).equals("witness")) {
        api = Optional.of(address(process.awaitStdout(API, START_DEADLINE)));
      }
      InetSocketAddress admin = address(process.awaitStdout(ADMIN, START_DEADLINE));
      Member member = new Member(process, api, admin);
      running.put(name, member);
      return member;
    } catch (IOException | RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /**
   * Starts all three members and waits until they agree that alpha, the active, leads, and each has heard from it:
   * only then can the other two elect a leader without alpha (a Ratis candidate with a committed log counts no vote
   * from a member whose log is still empty).
   */
  void startAllLedByTheActive(Duration deadline) throws IOException {
    for (String name : NAMES) {
      start(name);
    }
    Await.until(deadline, () -> "alpha, the active, leads and every member follows it\n" + output(),
        () -> agreedLeader().filter("alpha"::equals).isPresent() && settled());
  }

  /**
   * Whether the running members have settled as the sandbox judges it ({@link MemberView#settled}: one leads, all
   * know it in its term, and none lags), each read from its own admin listener.
   */
  boolean settled() {
    AdminClient admin = new AdminClient();
    List<MemberView> views = new ArrayList<>();
    for (Member member : running.values()) {
      try {
        Optional<MemberView> view = MemberView.of(admin.metrics(URI.create("http://"
            + member.admin().getHostString() + ":" + member.admin().getPort())));
        if (view.isEmpty()) {
          return false;
        }
        views.add(view.get());
      } catch (OperatorException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return MemberView.settled(views);
  }

  private static InetSocketAddress address(java.util.regex.MatchResult match) {
    return new InetSocketAddress(match.group(1), Integer.parseInt(match.group(2)));
  }

  /** The member's replication listener, from its configuration. */
  InetSocketAddress raftAddress(String name) {
    return new InetSocketAddress("127.0.0.1", raftPorts.get(name));
  }

  /** Everything every process printed, those killed or stopped included, each under its member's name. */
  String everyOutput() {
    StringBuilder text = new StringBuilder();
    started.forEach(entry -> text.append("=== ").append(entry.getKey()).append('\n')
        .append(entry.getValue().output()));
    return text.toString();
  }

  Path dataDir(String name) {
    return dir.resolve(name);
  }

  /** SIGKILL: no shutdown hook, no flush beyond what the member had synced. */
  void kill(String name) {
    Member member = running.remove(name);
    if (member != null) {
      member.process().kill();
    }
  }

  /** SIGTERM: the member closes its store and leaves. */
  void stop(String name) {
    Member member = running.remove(name);
    if (member != null) {
      member.process().stop();
    }
  }

  Optional<Member> member(String name) {
    return Optional.ofNullable(running.get(name));
  }

  List<String> running() {
    return new ArrayList<>(running.keySet());
  }

  /** The running members that serve clients (not the witness). */
  List<InetSocketAddress> apis() {
    return running.values().stream().flatMap(m -> m.api().stream()).toList();
  }

  /** The member's {@code /metrics} text, or empty when it does not answer. */
  Optional<String> metrics(String name) {
    Member member = running.get(name);
    if (member == null) {
      return Optional.empty();
    }
    try (RawHttp http = RawHttp.connect(member.admin(), HTTP_TIMEOUT)) {
      RawHttp.Response response = http.exchange("GET", "/metrics", Map.of(), new byte[0]);
      return response.status() == 200
          ? Optional.of(new String(response.body(), StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One sample of a {@code rvnt_identity_...} family without labels, from {@code /metrics} text. */
  static OptionalLong sample(String metrics, String family) {
    Matcher m = Pattern.compile("^rvnt_identity_" + family + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? OptionalLong.of((long) Double.parseDouble(m.group(1))) : OptionalLong.empty();
  }

  /** SIGSTOP ({@code thaw} is SIGCONT): the member stops in its tracks, sockets open, as a stalled host would. */
  void freeze(String name) throws IOException, InterruptedException {
    signal(name, "-STOP");
  }

  void thaw(String name) throws IOException, InterruptedException {
    signal(name, "-CONT");
  }

  private void signal(String name, String signal) throws IOException, InterruptedException {
    long pid = running.get(name).process().pid();
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " " + pid + " failed");
    }
  }

  /** The member every running member reports as leader, once they all agree on a running one. */
  Optional<String> agreedLeader() {
    return agreedLeader(running.keySet());
  }

  /** As {@link #agreedLeader()}, asking only {@code members} (not a frozen one, which would not answer). */
  Optional<String> agreedLeader(Iterable<String> members) {
    String agreed = null;
    for (String name : members) {
      Optional<String> metrics = metrics(name);
      if (metrics.isEmpty()) {
        return Optional.empty();
      }
      String leader = null;
      for (String candidate : NAMES) {
        Matcher m = Pattern.compile("^rvnt_identity_cluster_member_leader\\{member=\"" + candidate + "\"} 1(\\.0)?$",
            Pattern.MULTILINE).matcher(metrics.get());
        if (m.find()) {
          leader = candidate;
        }
      }
      if (leader == null || (agreed != null && !agreed.equals(leader))) {
        return Optional.empty();
      }
      agreed = leader;
    }
    return Optional.ofNullable(agreed).filter(running::containsKey);
  }

  /** Whether every running member has applied as far as the highest commit index any of them reports. */
  boolean converged() {
    long highestCommit = 0;
    List<Long> applied = new ArrayList<>();
    for (String name : running.keySet()) {
      Optional<String> metrics = metrics(name);
      if (metrics.isEmpty()) {
        return false;
      }
      highestCommit = Math.max(highestCommit, sample(metrics.get(), "cluster_commit_index").orElse(0));
      applied.add(sample(metrics.get(), "cluster_applied_index").orElse(-1));
    }
    long commit = highestCommit;
    return commit > 0 && applied.stream().allMatch(a -> a >= commit);
  }

  /**
   * {@code ./rvnt cluster SUBCOMMAND ... --admin ADMIN} against the admin listener of the running member
   * {@code via}: its exit code and output.
   */
  CommandRun.Result cli(String via, String... subcommand) {
    InetSocketAddress admin = running.get(via).admin();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("rvnt.jar"), "cluster"));
    command.addAll(List.of(subcommand));
    command.addAll(List.of("--admin", admin.getHostString() + ":" + admin.getPort()));
    return CommandRun.run(command, Map.of(), dir);
  }

  /** Everything the members printed, for a failure message. */
  String output() {
    StringBuilder text = new StringBuilder();
    running.forEach((name, member) -> text.append("=== ").append(name).append('\n')
        .append(member.process().output()));
    return text.toString();
  }

  @Override
  public void close() {
    for (String name : new ArrayList<>(running.keySet())) {
      kill(name);
    }
  }
}

package io.rvnt.operator.sandbox;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.operator.cluster.MemberView;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.metrics.AdminClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's identity service as the three-member cluster of docs/cluster.md, set up as an operator would: each
 * member its own configuration file, data folder, key (mode 0600) and certificate, one proof-of-work seed key shared
 * by all, and the same {@code cluster-member} lines in every file. Keys and the shared lines are made on the first
 * start in a sandbox folder, under its private {@code cluster/} folder, and kept: the Raft log records the members'
 * addresses, so a later start on the same data needs the same Raft ports (they are reserved before any other port is
 * chosen). Once the members run, it waits for them to agree on a leader.
 */
final class SandboxCluster {
  /** A member: its name as {@code ./rvnt cluster status} prints it, and its role. */
  record Member(String name, String role) {}

  static final List<Member> MEMBERS = List.of(new Member("identity-active", "active"),
      new Member("identity-passive", "passive"), new Member("identity-witness", "witness"));
  /** Between two rounds of questions to the members' admin listeners while they elect. */
  private static final Duration SETTLE_POLL = Duration.ofMillis(250);
  /** The shared lines, written once: {@code cluster-member.NAME = ROLE 127.0.0.1:PORT PIN}. */
  static final String MEMBERS_FILE = "members.conf";
  private static final Pattern MEMBER_LINE =
      Pattern.compile("^cluster-member\\.(\\S+) = \\S+ 127\\.0\\.0\\.1:(\\d+) [0-9a-f]{64}$", Pattern.MULTILINE);

  private final Path root;
  private final Path dir;
  private final Map<String, Integer> raftPorts;

  private SandboxCluster(Path root, Map<String, Integer> raftPorts) {
    this.root = root;
    this.dir = root.resolve("cluster");
    this.raftPorts = raftPorts;
  }

  /** The Raft ports of the members already set up in {@code root}, or new free ones. */
  static SandboxCluster plan(Path root, FreePorts ports) throws IOException {
    Map<String, Integer> raftPorts = readPorts(root.resolve("cluster").resolve(MEMBERS_FILE))
        .orElse(Map.of());
    Map<String, Integer> chosen = new LinkedHashMap<>();
    for (Member member : MEMBERS) {
      Integer port = raftPorts.get(member.name());
      chosen.put(member.name(), port != null ? ports.reserve(port) : ports.next());
    }
    return new SandboxCluster(root, chosen);
  }

  /** The ports of a members file that names every member, if there is one. */
  private static Optional<Map<String, Integer>> readPorts(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    Matcher m = MEMBER_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      ports.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return MEMBERS.stream().allMatch(member -> ports.containsKey(member.name())) ? Optional.of(ports)
        : Optional.empty();
  }

  Path configFile(Member member) {
    return root.resolve(member.name() + ".conf");
  }

  int raftPort(Member member) {
    return raftPorts.get(member.name());
  }

  /**
   * Writes every member's configuration: {@code common} settings, the cluster's, and {@code activeExtra} for the
   * active only; makes the keys and the shared lines first if this folder has none yet.
   */
  void write(String common, String activeExtra, MemberKeyMaker keys) throws IOException {
    LocalInstance.createPrivateDirectory(dir);
    Path membersFile = dir.resolve(MEMBERS_FILE);
    if (readPorts(membersFile).isEmpty()) {
      makeSecrets(membersFile, keys);
    }
    String members = Files.readString(membersFile, StandardCharsets.UTF_8);
    for (Member member : MEMBERS) {
      String text = common
          + "pow-seed-key = " + dir.resolve("pow-seed.key") + "\n"
          + "cluster-self = " + member.name() + "\n"
          + "cluster-key = " + keyFile(member) + "\n"
          + "cluster-certificate = " + certificateFile(member) + "\n"
          + members
          + (member.role().equals("active") ? activeExtra : "");
      Files.writeString(configFile(member), text, StandardCharsets.UTF_8);
    }
  }

  /** New keys for every member, one seed key for all, and the lines that pin them; what was half made is replaced. */
  private void makeSecrets(Path membersFile, MemberKeyMaker keys) throws IOException {
    StringBuilder lines = new StringBuilder("# Written by the sandbox once: every member's configuration lists these."
        + "\n");
    for (Member member : MEMBERS) {
      Files.deleteIfExists(keyFile(member));
      Files.deleteIfExists(certificateFile(member));
      String pin = keys.generate(member.name(), keyFile(member), certificateFile(member));
      lines.append("cluster-member.").append(member.name()).append(" = ").append(member.role())
          .append(" 127.0.0.1:").append(raftPort(member)).append(' ').append(pin).append('\n');
    }
    Path seed = dir.resolve("pow-seed.key");
    Files.deleteIfExists(seed);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.createFile(seed, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(seed, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING);
    // Last, so that a start interrupted before this point makes everything again.
    Files.writeString(membersFile, lines, StandardCharsets.UTF_8);
  }

  /**
   * Waits until the members, started, agree on a leader and each has applied what it knows committed
   * ({@link MemberView#settled}), read from their admin listeners: then the leader may be killed at once.
   */
  void awaitSettled(List<LocalInstance> members, AdminClient admin, Duration within, BooleanSupplier cancelled)
      throws OperatorException {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no member answered";
    try {
      while (System.nanoTime() - deadline < 0) {
        if (cancelled.getAsBoolean()) {
          throw new OperatorException(Reason.CANCELLED, "starting the sandbox was cancelled");
        }
        try {
          List<MemberView> views = views(members, admin);
          if (views.size() == members.size() && MemberView.settled(views)) {
            return;
          }
          last = "not settled yet: " + views;
        } catch (OperatorException e) {
          if (e.reason() == Reason.START_FAILED) {
            throw e;
          }
          last = e.getMessage();
        }
        Thread.sleep(SETTLE_POLL.toMillis()); // polling child processes for their state, not a test's wait
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException(Reason.CANCELLED, "starting the sandbox was cancelled");
    }
    throw new OperatorException(Reason.TIMEOUT, "the identity cluster's members did not agree on a leader within "
        + within.toSeconds() + " s (" + last + ")");
  }

  /** What each running member says of the cluster; a member that is not running fails the start. */
  private static List<MemberView> views(List<LocalInstance> members, AdminClient admin)
      throws OperatorException, InterruptedException {
    List<MemberView> views = new ArrayList<>();
    for (LocalInstance member : members) {
      InstanceStatus status = member.status();
      if (status.state() != InstanceState.RUNNING || status.adminUrl().isEmpty()) {
        throw new OperatorException(Reason.START_FAILED, "the identity cluster did not come up: " + member.name()
            + " is " + status.state().name().toLowerCase(java.util.Locale.ROOT));
      }
      MemberView.of(admin.metrics(URI.create(status.adminUrl().get()))).ifPresent(views::add);
    }
    return views;
  }

  Path keyFile(Member member) {
    return dir.resolve(member.name() + ".key");
  }

  Path certificateFile(Member member) {
    return dir.resolve(member.name() + ".crt");
  }
}

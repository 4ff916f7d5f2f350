package io.rvnt.tor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The torrc of each node of the private network. The settings are those that made the network come up in about
 * 13 s, every time, on a 2-core machine (ENVIRONMENT.md, "Tor"); Chutney's {@code hs-v3-min} network is the
 * reference for the rest. Each setting that departs from tor's testing defaults says why.
 */
final class Torrcs {
  /** tor's shortest allowed intervals: a first consensus within seconds, a new one every 10 s. */
  static final int INITIAL_VOTING_INTERVAL = 5;
  static final int VOTING_INTERVAL = 10;
  /** Seconds between the authorities' start and their first vote, for the relays to upload their descriptors. */
  static final int FIRST_VOTE_AFTER = 4;

  /** One authority as the others see it. */
  record Authority(String nickname, int orPort, int dirPort, NodeKeys keys) {
    String dirAuthorityLine() {
      return "DirAuthority " + nickname + " orport=" + orPort + " no-v2 v3ident=" + keys.v3Identity().orElseThrow()
          + " 127.0.0.1:" + dirPort + " " + keys.rsaFingerprint();
    }
  }

  private final List<Authority> authorities;
  private final long ownerPid;

  Torrcs(List<Authority> authorities, long ownerPid) {
    this.authorities = List.copyOf(authorities);
    this.ownerPid = ownerPid;
  }

  /** What every node shares. */
  private List<String> common(String nickname, Path dataDir) {
    List<String> lines = new ArrayList<>(List.of(
        "TestingTorNetwork 1",
        "Nickname " + nickname,
        "DataDirectory " + dataDir,
        "Log notice stdout",
        // Seven of ten relays suffice for paths in a six-relay network, so a slow relay does not hold the rest up.
        "PathsNeededToBuildCircuits 0.67",
        "AssumeReachable 1",
        "TestingDirAuthVoteGuard *",
        "V3AuthNIntervalsValid 2",
        "TestingClientMaxIntervalWithoutRequest 1",
        "Sandbox 0",
        "ShutdownWaitLength 0",
        // Every tor exits when the process that started it dies, even by SIGKILL.
        "__OwningControllerProcess " + ownerPid));
    authorities.forEach(a -> lines.add(a.dirAuthorityLine()));
    return lines;
  }

  String authority(Authority self, Path dataDir, Path bandwidthFile, Instant now) {
    List<String> lines = common(self.nickname(), dataDir);
    lines.addAll(List.of(
        "AuthoritativeDirectory 1",
        "V3AuthoritativeDirectory 1",
        "Address 127.0.0.1",
        "ORPort 127.0.0.1:" + self.orPort(),
        "DirPort 127.0.0.1:" + self.dirPort(),
        "SocksPort 0",
        "ExitPolicy reject *:*",
        "ContactInfo " + self.nickname() + "@rvnt.test",
        "TestingV3AuthInitialVotingInterval " + INITIAL_VOTING_INTERVAL,
        "TestingV3AuthInitialVoteDelay 2",
        "TestingV3AuthInitialDistDelay 2",
        "V3AuthVotingInterval " + VOTING_INTERVAL,
        "V3AuthVoteDelay 2",
        "V3AuthDistDelay 2",
        "TestingV3AuthVotingStartOffset " + votingStartOffset(now),
        // Fresh relays measure 0-6 KB/s of themselves and paths pile onto one node: equal weights instead.
        "V3BandwidthsFile " + bandwidthFile,
        "TestingDirAuthVoteHSDir " + authorities.stream().map(a -> "$" + a.keys().rsaFingerprint())
            .collect(Collectors.joining(","))));
    return String.join("\n", lines) + "\n";
  }

  String relay(String nickname, Path dataDir, int orPort) {
    List<String> lines = common(nickname, dataDir);
    lines.addAll(List.of(
        "Address 127.0.0.1",
        // A bare port would bind 0.0.0.0 and :: as well.
        "ORPort 127.0.0.1:" + orPort,
        "SocksPort 0",
        "ExitPolicy reject *:*",
        // Relays caching directory data answered 404 for just-published relays; clients then waited 7-10 s a retry.
        "DirCache 0"));
    return String.join("\n", lines) + "\n";
  }

  String service(Path dataDir, List<OnionService> services) {
    List<String> lines = common("service", dataDir);
    lines.add("SocksPort 0");
    lines.addAll(onionEndpointSettings());
    for (OnionService service : services) {
      lines.add("HiddenServiceDir " + dataDir.resolve("onion").resolve(service.name()));
      lines.addAll(service.lines());
    }
    return String.join("\n", lines) + "\n";
  }

  String client(Path dataDir, int socksPort) {
    List<String> lines = common("client", dataDir);
    // ExtendedErrors: the 0xF0-0xF7 onion replies that say whether to retry. IsolateSOCKSAuth: one circuit per
    // username and password (tor's default, stated because the per-circuit tests depend on it).
    lines.add("SocksPort 127.0.0.1:" + socksPort + " ExtendedErrors IsolateSOCKSAuth");
    lines.addAll(onionEndpointSettings());
    return String.join("\n", lines) + "\n";
  }

  /**
   * Vanguards-lite over-constrains paths among six relays; conflux only on the ends of circuits (on a relay it draws
   * a BadExit warning).
   */
  private static List<String> onionEndpointSettings() {
    return List.of("VanguardsLiteEnabled 0", "ConfluxEnabled 0");
  }

  /** tor's bandwidth file (dir-spec, version 1.0.0): a timestamp, then every relay at one equal weight. */
  static String bandwidthFile(List<String> fingerprints, Instant now) {
    StringBuilder out = new StringBuilder().append(now.getEpochSecond()).append('\n');
    fingerprints.forEach(fp -> out.append("node_id=$").append(fp).append(" bw=1000\n"));
    return out.toString();
  }

  /**
   * Voting rounds are aligned to the day plus this offset: it puts the first vote {@link #FIRST_VOTE_AFTER} seconds
   * (plus the vote and distribution delays) from now, after the relays registered, rather than wherever the clock
   * happens to be.
   */
  static int votingStartOffset(Instant now) {
    return (int) ((now.getEpochSecond() + FIRST_VOTE_AFTER + 4) % INITIAL_VOTING_INTERVAL);
  }
}

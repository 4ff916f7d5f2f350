package io.rvnt.app.cluster;

import io.rvnt.app.CliException;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.metrics.AdminClient;
import io.rvnt.operator.metrics.MetricsSample;
import io.rvnt.server.config.HostPort;
import io.rvnt.server.metrics.IdentityComponent;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rvnt cluster status --admin HOST:PORT}: one line per member, as the member behind that admin listener sees
 * the cluster (its {@code /metrics.pb}): name, role ({@code leader}, {@code follower}, {@code witness}, or
 * {@code unreachable}), term, applied index and lag. Exit 0 when a leader is known, else 1.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print one line per cluster member: name, role (leader, follower, witness, unreachable), term, applied index,"
          + " lag.",
      "Asks one member's admin listener; exit 0 when a leader is known, else 1."
    })
final class ClusterStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--admin", paramLabel = "HOST:PORT", required = true,
      description = "A member's admin listener (admin-listen), on loopback or through an SSH tunnel.")
  String admin;

  @Override
  public Integer call() throws InterruptedException {
    HostPort address;
    try {
      address = HostPort.parse(admin);
    } catch (IllegalArgumentException e) {
      throw new CliException("--admin: expected HOST:PORT");
    }
    MetricsSample sample;
    try {
      sample = new AdminClient().metrics(URI.create("http://" + address));
    } catch (OperatorException e) {
      throw new CliException("the admin listener at " + address + " did not answer: " + e.getMessage(), e);
    }
    Map<String, Double> gauges = sample.gauges();
    TreeSet<String> members = new TreeSet<>();
    for (String key : gauges.keySet()) {
      if (key.startsWith(IdentityComponent.MEMBER_LEADER)) {
        members.add(key.substring(IdentityComponent.MEMBER_LEADER.length()));
      }
    }
    if (members.isEmpty()) {
      throw new CliException("the server at " + address + " is not a cluster member (no cluster metrics)");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean leaderKnown = false;
    for (String member : members) {
      boolean leader = flag(gauges, IdentityComponent.MEMBER_LEADER + member);
      leaderKnown |= leader;
      String role = !flag(gauges, IdentityComponent.MEMBER_REACHABLE + member) ? "unreachable"
          : leader ? "leader"
          : flag(gauges, IdentityComponent.MEMBER_WITNESS + member) ? "witness" : "follower";
      out.printf("%s %s term %d applied %d lag %d%n", member, role,
          value(gauges, IdentityComponent.MEMBER_TERM + member),
          value(gauges, IdentityComponent.MEMBER_APPLIED + member),
          value(gauges, IdentityComponent.MEMBER_LAG + member));
    }
    out.flush();
    return leaderKnown ? 0 : 1;
  }

  private static boolean flag(Map<String, Double> gauges, String key) {
    return gauges.getOrDefault(key, 0.0) >= 1.0;
  }

  private static long value(Map<String, Double> gauges, String key) {
    return gauges.getOrDefault(key, 0.0).longValue();
  }
}

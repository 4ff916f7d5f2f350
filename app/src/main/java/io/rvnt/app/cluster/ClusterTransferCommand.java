package io.rvnt.app.cluster;

import io.rvnt.app.CliException;
import io.rvnt.server.cluster.TransferLeadershipAction;
import io.rvnt.server.config.ClusterMember;
import io.rvnt.server.config.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rvnt cluster transfer-leadership --to NAME --admin HOST:PORT}: asks the member behind that admin listener to
 * move the cluster's leadership to the named instance (Ratis's leadership transfer; docs/cluster.md), for a rolling
 * upgrade. Exit 0 once the named member leads; otherwise the member's reason on standard error and exit 1.
 */
@Command(
    name = "transfer-leadership",
    mixinStandardHelpOptions = true,
    description = {
      "Move the cluster's leadership to the named instance (not the witness); it keeps leading until moved again.",
      "Asks one member's admin listener; exit 0 once the named member leads, else 1 with the reason."
    })
final class ClusterTransferCommand implements Callable<Integer> {
  /** The member waits up to twice cluster-request-timeout (reconfiguration, then handover); this covers both. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

  @Spec CommandSpec spec;

  @Option(names = "--to", paramLabel = "NAME", required = true,
      description = "The member to lead, as cluster status names it.")
  String to;

  @Mixin AdminAddress admin;

  @Override
  public Integer call() throws InterruptedException {
    HostPort address = admin.parse();
    if (!ClusterMember.NAME.matcher(to).matches()) {
      throw new CliException("--to: a member's name, as cluster status prints it");
    }
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + address + TransferLeadershipAction.PATH + "?to=" + to))
        .timeout(ANSWER_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException("the admin listener at " + address + " did not answer: " + e.getMessage(), e);
    }
    String answer = response.body().strip();
    if (response.statusCode() == 404 && answer.equals("not found")) {
      throw new CliException("the server at " + address + " is not a cluster member (no transfer-leadership)");
    }
    if (response.statusCode() != 200) {
      throw new CliException(answer.isEmpty() ? "HTTP " + response.statusCode() : answer);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(answer);
    out.flush();
    return 0;
  }
}

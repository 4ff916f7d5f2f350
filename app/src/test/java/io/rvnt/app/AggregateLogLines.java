package io.rvnt.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server process's periodic aggregate log lines (docs/monitoring.md) for the zero-logging tests: every such
 * line is fixed text and numbers, and the periods add up to the counters /metrics serves.
 */
public final class AggregateLogLines {
  private static final String PREFIX = "^\\S+Z NOTICE io\\.rvnt\\.daemon\\.admin\\.AggregateReporter: ";
  private static final Pattern LINE = Pattern.compile(PREFIX + "(.*)$", Pattern.MULTILINE);
  private static final String PERCENTILES = ", p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms";
  private static final String BYTES = "[0-9.]+ (B|KiB|MiB|GiB|TiB)";

  private AggregateLogLines() {}

  /** The text of every aggregate line in {@code output}. */
  public static List<String> of(String output) {
    return LINE.matcher(output).results().map(m -> m.group(1)).toList();
  }

  /**
   * Fails unless each aggregate line is one of the three fixed forms: an endpoint's period (with its errors when
   * {@code http}), a quiet period, the process's disk and memory.
   */
  public static void assertFixedText(String output, String component, String span, boolean http) {
    String endpoint = "[A-Za-z_]+: \\d+ requests?" + (http ? ", \\d+ errors? \\(4xx \\d+, 5xx \\d+\\)" : "")
        + " in last " + span + PERCENTILES;
    String quiet = component + ": no requests in last " + span;
    String process = component + " process: data dir " + BYTES + ", disk " + BYTES + " free of " + BYTES
        + ", heap " + BYTES + " used of (" + BYTES + "|no limit)";
    Pattern fixed = Pattern.compile(endpoint + "|" + quiet + "|" + process);
    List<String> lines = of(output);
    assertThat(lines).as("the process logged aggregate lines").isNotEmpty();
    assertThat(lines).as("aggregate lines hold fixed names and numbers only")
        .allSatisfy(l -> assertThat(l).matches(fixed));
  }

  /** Requests of {@code endpoint} over every period logged so far. */
  public static long requestsLogged(String output, String endpoint) {
    Pattern p = Pattern.compile("^" + Pattern.quote(endpoint) + ": (\\d+) requests?");
    return of(output).stream().map(p::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1)))
        .sum();
  }

  /** One sample of the Prometheus text at {@code admin}/metrics, 0 when absent. */
  public static long sample(URI admin, String sample) throws IOException, InterruptedException {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\d+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}

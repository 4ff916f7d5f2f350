package io.rvnt.remote.ops;

/**
 * What an identity host's admin {@code /metrics} says about the cluster before a deploy: whether it leads
 * ({@code rvnt_identity_cluster_leader}), follows, is a single instance (no cluster families at all), or did not
 * answer.
 */
public enum Leadership {
  LEADS,
  FOLLOWS,
  /** The server runs without the {@code cluster-*} keys: the single embedded instance. */
  SINGLE,
  /** Nothing answered on the admin listener: the service is stopped, or not deployed yet. */
  DOWN;

  /** Reads a {@code /metrics} text (Prometheus 0.0.4): the value of {@code rvnt_identity_cluster_leader}. */
  static Leadership fromMetrics(String prometheusText) {
    for (String line : prometheusText.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length >= 2 && fields[0].equals("rvnt_identity_cluster_leader")) {
        return Double.parseDouble(fields[1]) >= 1.0 ? LEADS : FOLLOWS;
      }
    }
    return SINGLE;
  }
}

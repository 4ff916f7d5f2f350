package io.rvnt.remote.ops;

/**
 * The clear outcome of one action on one host.
 *
 * @param host the inventory name
 * @param action provision, deploy, start, stop, restart, status, errors, metrics, health
 * @param outcome how it ended
 * @param version the version involved (deploy), else empty
 * @param detail what the operator reads: the status line, the error, the metrics text
 */
public record ActionResult(String host, String action, Outcome outcome, String version, String detail) {
  public boolean ok() {
    return outcome == Outcome.OK;
  }
}

package io.rvnt.operator.traffic;

/** Counts of what a synthetic traffic run has done so far; errors are requests the server refused or lost. */
public record TrafficProgress(int rounds, int totalRounds, int registrations, int bundleFetches, int preKeyUploads,
    int errors, String lastError) {

  static TrafficProgress start(int totalRounds) {
    return new TrafficProgress(0, totalRounds, 0, 0, 0, 0, "");
  }

  public double fraction() {
    return totalRounds == 0 ? 1 : (double) rounds / totalRounds;
  }
}

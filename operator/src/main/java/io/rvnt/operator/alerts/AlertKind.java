package io.rvnt.operator.alerts;

/** What an alert is about, with the name of the Prometheus rule that pages for the same condition. */
public enum AlertKind {
  ERROR_RATE("RvntErrorRateHigh"),
  INSTANCE_DOWN("RvntInstanceDown"),
  DISK_USAGE("RvntDiskUsageHigh"),
  REFUSING_REGISTRATIONS("RvntIdentityRefusingRegistrations"),
  MEMORY("RvntMemoryNearLimit"),
  DHT_BOOTSTRAP_PEERS("RvntDhtBootstrapPeersMissing"),
  CANARY_DUE_SOON("RvntCanaryDueSoon"),
  CANARY_OVERDUE("RvntCanaryOverdue");

  private final String ruleName;

  AlertKind(String ruleName) {
    this.ruleName = ruleName;
  }

  /** The alert's name in packaging/monitoring/rvnt-alerts.yml. */
  public String ruleName() {
    return ruleName;
  }
}

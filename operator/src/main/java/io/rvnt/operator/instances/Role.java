package io.rvnt.operator.instances;

/** What an instance runs; the same names as the {@code role} field of rvnt.metrics.v1.MetricsSnapshot. */
public enum Role {
  IDENTITY("identity"),
  BOOTSTRAP("bootstrap"),
  RELAY("relay");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}

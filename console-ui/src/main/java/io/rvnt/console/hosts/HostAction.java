package io.rvnt.console.hosts;

/** The actions of the remote services (issue 7) as the Hosts screen offers them; some need a release bundle. */
public enum HostAction {
  PROVISION("Provision", true),
  DEPLOY("Deploy / upgrade", true),
  START("Start", false),
  STOP("Stop", false),
  RESTART("Restart", false),
  STATUS("Status", false),
  ERRORS("Recent errors", false);

  private final String label;
  private final boolean needsBundle;

  HostAction(String label, boolean needsBundle) {
    this.label = label;
    this.needsBundle = needsBundle;
  }

  public String label() {
    return label;
  }

  public boolean needsBundle() {
    return needsBundle;
  }
}

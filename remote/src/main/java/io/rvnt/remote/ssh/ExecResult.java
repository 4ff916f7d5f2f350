package io.rvnt.remote.ssh;

/** What a remote command did: its exit status and its output, each cut at {@link SshSettings#maxOutputBytes()}. */
public record ExecResult(int exitStatus, String stdout, String stderr) {
  public boolean ok() {
    return exitStatus == 0;
  }

  /** The last line of stderr, else of stdout: the reason shown to the operator. */
  public String reason() {
    String text = stderr.isBlank() ? stdout : stderr;
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank()
        ? "exit status " + exitStatus
        : lines[lines.length - 1].strip();
  }
}

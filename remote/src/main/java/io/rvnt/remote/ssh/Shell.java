package io.rvnt.remote.ssh;

/** POSIX shell quoting for the commands sent to hosts. */
public final class Shell {
  private Shell() {}

  /** {@code 'value'}, with each {@code '} written as {@code '\''}: the shell sees exactly {@code value}. */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

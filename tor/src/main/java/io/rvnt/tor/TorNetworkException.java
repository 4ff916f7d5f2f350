package io.rvnt.tor;

/** The private network could not be set up or did not come up in time; the message says which step and why. */
public final class TorNetworkException extends Exception {
  private static final long serialVersionUID = 1L;

  public TorNetworkException(String message) {
    super(message);
  }

  public TorNetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}

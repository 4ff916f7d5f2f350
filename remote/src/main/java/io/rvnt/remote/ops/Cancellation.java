package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the operator stop an action between steps. A step already running on the host finishes (a half-done switch
 * or restart would be worse than finishing it); a deploy cancelled after the switch still checks health and rolls
 * back if needed. Thread-safe.
 */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  void check(String host) throws RemoteException {
    if (cancelled.get()) {
      throw new RemoteException(Reason.CANCELLED, host + ": cancelled");
    }
  }
}

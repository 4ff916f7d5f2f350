package io.rvnt.operator.instances;

import io.rvnt.operator.OperatorException;
import java.util.function.BooleanSupplier;

/**
 * One running server the operator manages: a local sandbox process now, a remote host over SSH later. The console
 * and the CLI show both through this interface alone, so they look the same on screen.
 *
 * <p>Implementations are thread-safe: status is read by pollers while an action runs on another thread.
 */
public interface Instance {
  String name();

  Role role();

  InstanceStatus status();

  /** Starts the instance and returns once it listens; {@code cancelled} is checked while waiting. */
  void start(BooleanSupplier cancelled) throws OperatorException;

  /** Stops the instance and returns once its process is gone. Stopping a stopped instance does nothing. */
  void stop();

  default void restart(BooleanSupplier cancelled) throws OperatorException {
    stop();
    start(cancelled);
  }
}

package io.rvnt.remote.ops;

/**
 * Receives the steps of an action as they happen ("uploading", "health check", ...). Called from the thread
 * running the action; the console hands it to its FX thread itself.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = (host, step) -> {};

  void step(String host, String step);
}

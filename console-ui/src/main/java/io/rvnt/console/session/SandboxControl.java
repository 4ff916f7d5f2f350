package io.rvnt.console.session;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What the console asks of the sandbox; {@link io.rvnt.operator.sandbox.Sandbox} in the console, fakes in tests. */
public interface SandboxControl {
  List<Instance> instances();

  void start(Consumer<String> progress, BooleanSupplier cancelled) throws OperatorException;

  void stop();

  /** The sandbox folder: instance data, the traffic keystore. */
  Path root();

  static SandboxControl of(io.rvnt.operator.sandbox.Sandbox sandbox) {
    return new SandboxControl() {
      @Override
      public List<Instance> instances() {
        return sandbox.instances();
      }

      @Override
      public void start(Consumer<String> progress, BooleanSupplier cancelled) throws OperatorException {
        sandbox.start(progress, cancelled);
      }

      @Override
      public void stop() {
        sandbox.stop();
      }

      @Override
      public Path root() {
        return sandbox.root();
      }
    };
  }
}

package io.rvnt.operator.sandbox;

import io.rvnt.operator.instances.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One sandbox instance to run: its name, role, data folder and the arguments of its production command (the
 * subcommand of rvnt.jar and its flags, without the watchdog, which {@link ChildCommand} adds).
 */
public record InstanceSpec(String name, Role role, Path dataDir, List<String> arguments) {
  public InstanceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(dataDir, "dataDir");
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("an instance needs a command");
    }
  }
}

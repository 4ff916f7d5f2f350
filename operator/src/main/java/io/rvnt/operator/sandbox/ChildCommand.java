package io.rvnt.operator.sandbox;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a sandbox instance is started: {@code java [jvm options] -jar rvnt.jar <the production command>}, so that each
 * instance is the very command a production host runs. Every child also gets {@code --parent-pid}, its watchdog: it
 * exits when the process that started it is gone, even after a SIGKILL that runs no shutdown hook.
 */
public record ChildCommand(Path java, Path jar, List<String> jvmOptions) {
  /** Names the jar explicitly; set by tests and developers running from classes rather than from rvnt.jar. */
  public static final String JAR_PROPERTY = "rvnt.jar";
  /** Each instance is a small server; the default heap of a quarter of RAM would crowd a laptop with four. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

  public ChildCommand {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(jar, "jar");
    jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * The jar this JVM runs from (or the one {@code -Drvnt.jar} names), started by this JVM's own {@code java}.
   *
   * @throws OperatorException {@link Reason#JAR_MISSING} when neither names an existing jar
   */
  public static ChildCommand ofThisJar() throws OperatorException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String property = System.getProperty(JAR_PROPERTY);
    Path jar = property != null ? Path.of(property) : codeSource();
    if (jar == null || !Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
      throw new OperatorException(Reason.JAR_MISSING,
          "the sandbox runs its instances from rvnt.jar, which was not found; start it with ./rvnt or set -D"
              + JAR_PROPERTY + "=app/target/rvnt.jar");
    }
    return new ChildCommand(java, jar.toAbsolutePath(), DEFAULT_JVM_OPTIONS);
  }

  private static Path codeSource() {
    try {
      var source = ChildCommand.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }

  /** The full command line for one instance: the jar's subcommand and its arguments, then the watchdog. */
  public List<String> command(List<String> arguments, long parentPid) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments);
    command.add("--parent-pid");
    command.add(Long.toString(parentPid));
    return command;
  }
}

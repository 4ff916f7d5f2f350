package io.rvnt.packaging;

import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.ProcessOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Debian tool running in the foreground on a loopback port (Prometheus, Alertmanager), its output captured. */
final class ToolProcess implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final ProcessOutput output;

  private ToolProcess(Process process) {
    this.process = process;
    this.output = ProcessOutput.capture(process.getInputStream(), process.info().command().orElse("tool"));
  }

  /** Starts {@code command} and waits until it accepts connections on {@code port}. */
  static ToolProcess start(List<String> command, int port) throws IOException {
    ToolProcess tool = new ToolProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    if (!LoopbackPorts.awaitAccepting(port, tool.process, START_DEADLINE)) {
      tool.close();
      throw new IllegalStateException(command.get(0) + " did not listen on " + port + ": " + tool.output());
    }
    return tool;
  }

  String output() {
    return output.text();
  }

  Process process() {
    return process;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package io.rvnt.operator.sandbox;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.instances.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A sandbox instance: one OS process running rvnt.jar's production command on loopback. Ready once it has
 * announced its admin listener. Its output is read line by line for endpoints and warnings and otherwise dropped.
 *
 * <p>Thread-safe; every field that changes is guarded by {@code this}.
 */
public final class LocalInstance implements Instance {
  /** A JVM with RocksDB or a libp2p host opens in a few seconds; a minute covers a loaded 2-core machine. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  /** SIGTERM lets the server close its store; past this it is killed. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);
  /** Output lines kept to explain a failed start. */
  private static final int TAIL_LINES = 20;

  private final InstanceSpec spec;
  private final ChildCommand command;
  private final Clock clock;
  private final Duration startTimeout;
  private final Duration stopTimeout;
  /** Arguments known only at start, such as the addresses of peers already running. */
  private final Supplier<List<String>> lateArguments;

  private Process process; // Guarded by this.
  private InstanceState state = InstanceState.STOPPED; // Guarded by this.
  private Instant startedAt; // Guarded by this.
  private List<Endpoint> endpoints = new ArrayList<>(); // Guarded by this.
  private WarningLines warnings = new WarningLines(WarningLines.DEFAULT_CAPACITY); // Guarded by this.
  private final Deque<String> tail = new ArrayDeque<>(); // Guarded by this.

  public LocalInstance(InstanceSpec spec, ChildCommand command, Clock clock, Duration startTimeout,
      Duration stopTimeout, Supplier<List<String>> lateArguments) {
    this.spec = spec;
    this.command = command;
    this.clock = clock;
    this.startTimeout = startTimeout;
    this.stopTimeout = stopTimeout;
    this.lateArguments = lateArguments;
  }

  public LocalInstance(InstanceSpec spec, ChildCommand command, Clock clock) {
    this(spec, command, clock, DEFAULT_START_TIMEOUT, DEFAULT_STOP_TIMEOUT, List::of);
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public Role role() {
    return spec.role();
  }

  public InstanceSpec spec() {
    return spec;
  }

  /**
   * An endpoint the instance does not print itself but serves through: the onion service the sandbox's Tor network
   * puts in front of it. It lasts until the instance restarts.
   */
  synchronized void announce(Endpoint endpoint) {
    endpoints.add(endpoint);
  }

  @Override
  public synchronized InstanceStatus status() {
    return new InstanceStatus(spec.name(), spec.role(), "local", state, Optional.ofNullable(startedAt),
        process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty(),
        endpoints, warnings.recent());
  }

  @Override
  public void start(BooleanSupplier cancelled) throws OperatorException {
    List<String> arguments = new ArrayList<>(spec.arguments());
    arguments.addAll(lateArguments.get());
    Process started;
    synchronized (this) {
      if (process != null && process.isAlive()) {
        return;
      }
      state = InstanceState.STARTING;
      endpoints = new ArrayList<>();
      warnings = new WarningLines(WarningLines.DEFAULT_CAPACITY);
      tail.clear();
      try {
        createPrivateDirectory(spec.dataDir());
        ProcessBuilder builder = new ProcessBuilder(command.command(arguments, ProcessHandle.current().pid()));
        builder.directory(spec.dataDir().toFile());
        process = builder.start();
      } catch (IOException e) {
        state = InstanceState.FAILED;
        throw new OperatorException(Reason.START_FAILED, spec.name() + " did not start: " + e.getMessage(), e);
      }
      started = process;
      startedAt = clock.instant();
    }
    pump(started, started.getInputStream(), "out");
    pump(started, started.getErrorStream(), "err");
    started.onExit().thenRun(() -> ended(started));
    awaitReady(started, cancelled);
  }

  private void awaitReady(Process started, BooleanSupplier cancelled) throws OperatorException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    synchronized (this) {
      while (true) {
        if (process != started) {
          throw new OperatorException(Reason.CANCELLED, spec.name() + " was stopped while starting");
        }
        if (endpoints.stream().anyMatch(e -> e.label().equals(Endpoint.ADMIN))) {
          state = InstanceState.RUNNING;
          return;
        }
        if (!started.isAlive()) {
          state = InstanceState.FAILED;
          throw new OperatorException(Reason.START_FAILED,
              spec.name() + " exited with status " + started.exitValue() + " before listening" + lastWords());
        }
        if (cancelled.getAsBoolean()) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    boolean wasCancelled = cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
    String tailText = lastWordsSynchronized();
    stop();
    synchronized (this) {
      state = wasCancelled ? InstanceState.STOPPED : InstanceState.FAILED;
    }
    throw wasCancelled
        ? new OperatorException(Reason.CANCELLED, "starting " + spec.name() + " was cancelled")
        : new OperatorException(Reason.TIMEOUT,
            spec.name() + " was not listening after " + startTimeout.toSeconds() + " s" + tailText);
  }

  @Override
  public void stop() {
    Process running;
    synchronized (this) {
      running = process;
      if (running == null) {
        return;
      }
      state = InstanceState.STOPPING;
    }
    running.destroy();
    try {
      if (!running.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        running.destroyForcibly();
        running.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (process == running) {
        process = null;
        state = InstanceState.STOPPED;
        startedAt = null;
        notifyAll();
      }
    }
  }

  private synchronized void ended(Process ended) {
    if (process == ended && state != InstanceState.STOPPING) {
      state = InstanceState.FAILED;
      process = null;
      startedAt = null;
    }
    notifyAll();
  }

  private void pump(Process owner, InputStream in, String stream) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          received(owner, line);
        }
      } catch (IOException e) {
        // The process ended and closed its end; nothing more to read.
      }
    }, "sandbox-" + spec.name() + "-" + stream);
    thread.setDaemon(true);
    thread.start();
  }

  private synchronized void received(Process owner, String line) {
    if (process != owner) {
      return;
    }
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
    ListeningLine.parse(line).ifPresent(endpoints::add);
    warnings.offer(line);
    notifyAll();
  }

  private synchronized String lastWordsSynchronized() {
    return lastWords();
  }

  private String lastWords() {
    return tail.isEmpty() ? "" : "; last output: " + tail.getLast();
  }

  static void createPrivateDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }
}

package io.rvnt.server.pow;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The queue of spec §6.6: requests carrying a proof wait here and are served highest effort first (ties in arrival
 * order) by their own threads, never on an event loop. It holds at most {@code capacity}: a request that finds it
 * full pushes out the lowest-effort one if it bids more, and is itself dropped otherwise. A request that waited
 * longer than {@code deadline} is dropped when its turn comes. Every drop marks the period overloaded for the
 * {@link EffortController}, and fails the request's future with a {@link Refused}. Thread-safe.
 */
public final class PowQueue implements AutoCloseable {
  /** Why a request was not served. */
  public enum Reason { FULL, EXPIRED, CLOSED }

  /** The failure of a request the queue did not serve; no stack trace, it is an answer, not a bug. */
  public static final class Refused extends RuntimeException {
    private final Reason reason;

    Refused(Reason reason) {
      super("not served: " + reason, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private record Entry(double priority, long sequence, long enqueuedMs, Runnable serve, Consumer<Reason> refuse) {}

  private final int capacity;
  private final long deadlineMs;
  private final Clock clock;
  private final EffortController controller;
  /** Serves each request on the submitting thread, queueing nothing: for tests that run workers inline. */
  private final boolean inline;
  private final List<Thread> servers = new ArrayList<>();
  /** Highest priority first, then arrival order. Guarded by this. */
  private final TreeSet<Entry> waiting = new TreeSet<>((a, b) -> a.priority != b.priority
      ? Double.compare(b.priority, a.priority) : Long.compare(a.sequence, b.sequence));
  private long sequence;
  private boolean closed;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();

  public PowQueue(int capacity, Duration deadline, Clock clock, EffortController controller) {
    this(capacity, deadline, clock, controller, false);
  }

  private PowQueue(int capacity, Duration deadline, Clock clock, EffortController controller, boolean inline) {
    this.capacity = capacity;
    this.deadlineMs = deadline.toMillis();
    this.clock = clock;
    this.controller = controller;
    this.inline = inline;
  }

  /** A queue that serves every request at once on the thread that submits it: for tests that run workers inline. */
  public static PowQueue inline(Clock clock, EffortController controller) {
    return new PowQueue(1, Duration.ofDays(1), clock, controller, true);
  }

  /** Starts {@code threads} threads that serve the queue until {@link #close()}. */
  public PowQueue start(int threads) {
    for (int i = 0; i < threads; i++) {
      Thread server = new Thread(this::serveUntilClosed, "rvnt-pow-serve-" + i);
      server.setDaemon(true);
      servers.add(server);
      server.start();
    }
    return this;
  }

  /**
   * Queues {@code work} at {@code priority}; the returned future completes with the future {@code work} returns
   * once served, or fails with {@link Refused}.
   */
  public <T> CompletableFuture<T> submit(double priority, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Runnable serve = () -> {
      try {
        work.get().whenComplete((value, failure) -> {
          if (failure != null) {
            answer.completeExceptionally(failure);
          } else {
            answer.complete(value);
          }
        });
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    };
    if (inline) {
      served.incrementAndGet();
      serve.run();
      return answer;
    }
    Entry refused = null;
    Reason reason = Reason.FULL;
    synchronized (this) {
      Entry entry = new Entry(priority, sequence++, clock.millis(), serve,
          why -> answer.completeExceptionally(new Refused(why)));
      if (closed) {
        refused = entry;
        reason = Reason.CLOSED;
      } else if (waiting.size() < capacity) {
        waiting.add(entry);
        notify();
      } else if (waiting.last().priority < priority) {
        refused = waiting.pollLast();
        waiting.add(entry);
        notify();
      } else {
        refused = entry;
      }
    }
    if (refused != null) {
      if (reason == Reason.FULL) {
        dropped.incrementAndGet();
        controller.overloaded();
      }
      refused.refuse.accept(reason);
    }
    return answer;
  }

  /** Serves the next request, or drops it when it waited too long; false once closed. Package-private for tests. */
  boolean serveNext() throws InterruptedException {
    Entry next;
    synchronized (this) {
      while (waiting.isEmpty() && !closed) {
        wait();
      }
      if (closed) {
        return false;
      }
      next = waiting.pollFirst();
    }
    if (clock.millis() - next.enqueuedMs > deadlineMs) {
      expired.incrementAndGet();
      controller.overloaded();
      next.refuse.accept(Reason.EXPIRED);
    } else {
      served.incrementAndGet();
      next.serve.run();
    }
    return true;
  }

  private void serveUntilClosed() {
    try {
      while (serveNext()) {
        // One request per turn.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized int depth() {
    return waiting.size();
  }

  public long served() {
    return served.get();
  }

  /** Requests dropped because the queue was full (pushed out, or refused at the door). */
  public long dropped() {
    return dropped.get();
  }

  public long expired() {
    return expired.get();
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }

  /**
   * Stops serving: requests still waiting fail with {@link Reason#CLOSED}; waits up to {@code drain} for the
   * requests being served to be handed on, and returns whether they were. Threads are never interrupted, since one
   * may be inside the store.
   */
  public boolean close(Duration drain) {
    List<Entry> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(waiting);
      waiting.clear();
      notifyAll();
    }
    for (Entry entry : left) {
      entry.refuse.accept(Reason.CLOSED);
    }
    long deadline = System.nanoTime() + drain.toNanos();
    try {
      for (Thread server : servers) {
        server.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return servers.stream().noneMatch(Thread::isAlive);
  }
}

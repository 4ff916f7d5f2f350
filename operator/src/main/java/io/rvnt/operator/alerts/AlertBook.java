package io.rvnt.operator.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which alerts hold and since when: a condition becomes an alert once it has held for {@code confirmAfter} (in every
 * round since it first appeared; the alert's start is that first round), as Prometheus's {@code for:} makes a rule
 * wait, and the alert clears the first round the condition is gone; cleared alerts are kept, newest first, up to a
 * bound. Only the subjects of a round are judged (an instance that was not evaluated keeps its alerts as they were).
 * Thread-safe.
 */
public final class AlertBook {
  /** A few days of flapping at most; older cleared alerts are in Prometheus and PagerDuty. */
  public static final int DEFAULT_CLEARED_CAPACITY = 100;
  /**
   * A few of the console's 2-second polls: one answer that a busy host gives late is not an outage. Prometheus waits
   * minutes before it pages; the console shows a condition this soon, and when it started.
   */
  public static final Duration DEFAULT_CONFIRM_AFTER = Duration.ofSeconds(10);

  private record Key(AlertKind kind, String subject) {}

  private final int clearedCapacity;
  private final Duration confirmAfter;
  /** Conditions seen but not yet held for confirmAfter, with the round they first appeared in. */
  private final Map<Key, Instant> pending = new LinkedHashMap<>(); // Guarded by this.
  private final Map<Key, Alert> active = new LinkedHashMap<>(); // Guarded by this.
  private final Deque<Alert> cleared = new ArrayDeque<>(); // Guarded by this.

  /** @param confirmAfter how long a condition must hold before it is an alert; zero for at once */
  public AlertBook(int clearedCapacity, Duration confirmAfter) {
    if (clearedCapacity < 1) {
      throw new IllegalArgumentException("clearedCapacity must be at least 1");
    }
    if (confirmAfter.isNegative()) {
      throw new IllegalArgumentException("confirmAfter must not be negative");
    }
    this.clearedCapacity = clearedCapacity;
    this.confirmAfter = confirmAfter;
  }

  /**
   * Records one round.
   *
   * @param subjects every subject this round evaluated, those without a condition included
   * @param conditions what holds now for them
   */
  public synchronized void update(List<String> subjects, List<Condition> conditions, Instant now) {
    Map<Key, Condition> holding = new LinkedHashMap<>();
    for (Condition c : conditions) {
      holding.put(new Key(c.kind(), c.subject()), c);
    }
    active.entrySet().removeIf(entry -> {
      if (!subjects.contains(entry.getKey().subject()) || holding.containsKey(entry.getKey())) {
        return false;
      }
      Alert a = entry.getValue();
      cleared.addFirst(new Alert(a.kind(), a.subject(), a.detail(), a.started(), Optional.of(now)));
      if (cleared.size() > clearedCapacity) {
        cleared.removeLast();
      }
      return true;
    });
    pending.keySet().removeIf(key -> subjects.contains(key.subject()) && !holding.containsKey(key));
    holding.forEach((key, c) -> {
      Alert before = active.get(key);
      Instant started = before != null ? before.started() : pending.computeIfAbsent(key, k -> now);
      if (before != null || !now.isBefore(started.plus(confirmAfter))) {
        pending.remove(key);
        active.put(key, new Alert(c.kind(), c.subject(), c.detail(), started, Optional.empty()));
      }
    });
  }

  /** The alerts that hold, oldest first. */
  public synchronized List<Alert> active() {
    return List.copyOf(active.values());
  }

  /** The cleared alerts, newest first. */
  public synchronized List<Alert> cleared() {
    return List.copyOf(cleared);
  }

  /** Active, then cleared. */
  public synchronized List<Alert> all() {
    List<Alert> all = new ArrayList<>(active.values());
    all.addAll(cleared);
    return all;
  }
}

package io.rvnt.console.alerts;

import io.rvnt.operator.alerts.Alert;
import io.rvnt.operator.alerts.AlertBook;
import io.rvnt.operator.alerts.AlertRules;
import io.rvnt.operator.alerts.Condition;
import io.rvnt.operator.cluster.LeaderWatch;
import io.rvnt.operator.cluster.LeaderWatch.LeaderChange;
import io.rvnt.operator.metrics.Observation;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Alerts screen: the conditions of the Prometheus rules (packaging/monitoring/rvnt-alerts.yml), evaluated by the
 * same {@link AlertRules} as {@code rvnt remote status} on every poll of the local and watched remote instances, and
 * on the canary's due date once the Canary screen checked the site. Each alert keeps the time it started and the time
 * it cleared ({@link AlertBook}). Below them the events: an identity cluster's leader changing (a failover, or
 * leadership moved), as {@link LeaderWatch} sees it from the members' own answers. Called on the FX thread:
 * evaluating samples already fetched costs no I/O.
 */
public final class AlertsViewModel {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Events kept, newest first: a session's failovers, with room to spare. */
  static final int MAX_EVENTS = 100;
  static final String LEADER_CHANGED = "leader changed";

  private final AlertRules rules;
  private final AlertBook book;
  private final Clock clock;
  private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
  private final ObservableList<AlertRow> rowsReadOnly = FXCollections.unmodifiableObservableList(rows);
  private final LeaderWatch leaders = new LeaderWatch();
  private final ObservableList<EventRow> events = FXCollections.observableArrayList();
  private final ObservableList<EventRow> eventsReadOnly = FXCollections.unmodifiableObservableList(events);
  private final ReadOnlyIntegerWrapper active = new ReadOnlyIntegerWrapper(0);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("no alert");
  private final ReadOnlyStringWrapper canaryDue = new ReadOnlyStringWrapper(
      "Canary due date: not known yet (check the site on the Canary screen)");
  private Optional<LocalDate> due = Optional.empty();

  public AlertsViewModel(AlertRules rules, AlertBook book, Clock clock) {
    this.rules = rules;
    this.book = book;
    this.clock = clock;
  }

  /** One poll round of every instance. */
  public void show(List<Observation> round) {
    List<String> subjects = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    for (Observation o : round) {
      subjects.add(o.status().name());
      conditions.addAll(rules.instance(o.status().name(), o.status().state(), o.health(),
          o.history().samples()));
    }
    if (due.isPresent()) {
      subjects.add("canary");
      conditions.addAll(rules.canary(due, clock.instant()));
    }
    book.update(subjects, conditions, clock.instant());
    for (LeaderChange change : leaders.update(round, clock.instant())) {
      events.add(0, new EventRow(TIME.format(change.at()), LEADER_CHANGED, change.to() + " leads in term "
          + change.term() + " (was " + change.from() + ")"));
    }
    if (events.size() > MAX_EVENTS) {
      events.remove(MAX_EVENTS, events.size());
    }
    List<AlertRow> next = book.all().stream().map(AlertsViewModel::row).toList();
    if (!next.equals(rows)) {
      rows.setAll(next);
    }
    int holding = book.active().size();
    active.set(holding);
    summary.set(holding == 0 ? "no alert" : holding + " active");
  }

  /** The canary's due date, as the Canary screen's last check of the site read it. */
  public void canaryDue(Optional<LocalDate> dueDate) {
    this.due = dueDate;
    canaryDue.set(dueDate.map(d -> "Canary due by " + d + " (overdue from " + d.plusDays(1) + ")")
        .orElse("Canary due date: not known (the site's canary could not be read)"));
  }

  private static AlertRow row(Alert a) {
    return new AlertRow(a.active(), a.subject(), a.kind().ruleName(), a.detail(), TIME.format(a.started()),
        a.cleared().map(TIME::format).orElse(""));
  }

  public ObservableList<AlertRow> rows() {
    return rowsReadOnly;
  }

  /** What happened once, newest first. */
  public ObservableList<EventRow> events() {
    return eventsReadOnly;
  }

  /** Alerts that hold now: the sidebar's badge. */
  public ReadOnlyIntegerProperty activeCountProperty() {
    return active.getReadOnlyProperty();
  }

  /** "no alert", or how many hold: beside the screen's title. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty canaryDueProperty() {
    return canaryDue.getReadOnlyProperty();
  }
}

package io.rvnt.console.alerts;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Lays out the Alerts screen and binds it to {@link AlertsViewModel}; no logic of its own. */
public final class AlertsView extends BorderPane {
  private final AlertsViewModel model;
  private final TableView<AlertRow> table = new TableView<>();
  private final TableView<EventRow> events = new TableView<>();

  public AlertsView(AlertsViewModel model) {
    this.model = model;
    createView();
  }

  private void createView() {
    Label title = new Label("Alerts");
    title.getStyleClass().add(Styles.TITLE_3);
    Label summary = new Label();
    summary.setId("alerts-summary");
    summary.textProperty().bind(model.summaryProperty());
    Label canary = new Label();
    canary.setId("alerts-canary-due");
    canary.textProperty().bind(model.canaryDueProperty());
    Label note = new Label("The conditions Prometheus pages on (packaging/monitoring/rvnt-alerts.yml), on the figures "
        + "this console reads, shown once they held for a few polls; Prometheus waits minutes before it pages.");
    note.getStyleClass().add(Styles.TEXT_MUTED);
    note.setWrapText(true);

    table.setId("alerts-table");
    table.setItems(model.rows());
    table.getColumns().add(column("State", AlertRow::state, 70));
    table.getColumns().add(column("Instance", AlertRow::subject, 130));
    table.getColumns().add(column("Alert", AlertRow::alert, 210));
    table.getColumns().add(column("Detail", AlertRow::detail, 330));
    table.getColumns().add(column("Started (UTC)", AlertRow::started, 165));
    table.getColumns().add(column("Cleared (UTC)", AlertRow::cleared, 165));
    table.setPlaceholder(new Label("No alert has fired since the console started."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.setRowFactory(t -> new TableRow<>() {
      @Override
      protected void updateItem(AlertRow row, boolean empty) {
        super.updateItem(row, empty);
        pseudoClassStateChanged(Styles.STATE_DANGER, !empty && row != null && row.active());
      }
    });

    events.setId("events-table");
    events.setItems(model.events());
    events.getColumns().add(column("Time (UTC)", EventRow::time, 165));
    events.getColumns().add(column("Event", EventRow::event, 140));
    events.getColumns().add(column("Detail", EventRow::detail, 500));
    events.setPlaceholder(new Label("No event since the console started."));
    events.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    events.setPrefHeight(160);
    Label eventsTitle = new Label("Events: an identity cluster's leader changing (a failover, or leadership moved)");

    setTop(new VBox(8, new HBox(16, title, summary), canary, note));
    setCenter(table);
    setBottom(new VBox(6, eventsTitle, events));
    BorderPane.setMargin(table, new Insets(8, 0, 8, 0));
    setPadding(new Insets(16));
  }

  private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    column.setPrefWidth(width);
    return column;
  }
}

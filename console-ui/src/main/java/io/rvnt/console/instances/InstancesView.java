package io.rvnt.console.instances;

import atlantafx.base.theme.Styles;
import io.rvnt.console.work.WorkBar;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/** Lays out the Instances screen and binds it to {@link InstancesViewModel}; no logic of its own. */
public final class InstancesView extends BorderPane {
  private final InstancesViewModel model;
  private final TableView<InstanceRow> table = new TableView<>();

  public InstancesView(InstancesViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    Label title = new Label("Instances");
    title.getStyleClass().add(Styles.TITLE_3);
    Label summary = new Label();
    summary.setId("instances-summary");
    summary.textProperty().bind(Bindings.createStringBinding(
        () -> model.healthyCountProperty().get() + " of " + model.rows().size() + " healthy",
        model.healthyCountProperty(), model.rows()));

    Button start = new Button("Start sandbox");
    start.setId("start-sandbox");
    start.getStyleClass().add(Styles.ACCENT);
    start.setDefaultButton(true);
    start.disableProperty().bind(model.work().busyProperty().or(model.sandboxRunningProperty()));
    start.setOnAction(e -> model.startSandbox());
    Button stop = new Button("Stop sandbox");
    stop.setId("stop-sandbox");
    stop.disableProperty().bind(model.sandboxRunningProperty().not().and(model.work().busyProperty().not()));
    stop.setOnAction(e -> model.stopSandbox());
    Button startOne = new Button("Start");
    startOne.setId("start-instance");
    startOne.setOnAction(e -> model.startInstance(model.selectedProperty().get()));
    Button stopOne = new Button("Stop");
    stopOne.setId("stop-instance");
    stopOne.setOnAction(e -> model.stopInstance(model.selectedProperty().get()));
    Button restartOne = new Button("Restart");
    restartOne.setId("restart-instance");
    restartOne.setOnAction(e -> model.restartInstance(model.selectedProperty().get()));
    for (Button b : new Button[] {startOne, stopOne, restartOne}) {
      b.disableProperty().bind(model.selectedProperty().isEmpty().or(model.work().busyProperty()));
    }
    HBox toolbar = new HBox(8, start, stop, new Label("  Selected instance:"), startOne, stopOne, restartOne);

    table.setId("instances-table");
    table.setItems(model.rows());
    table.getColumns().add(healthColumn());
    table.getColumns().add(column("Name", InstanceRow::name, 130));
    table.getColumns().add(column("Role", InstanceRow::role, 95));
    table.getColumns().add(column("Cluster", InstanceRow::cluster, 80));
    table.getColumns().add(column("Lag", InstanceRow::lag, 50));
    table.getColumns().add(column("Where", InstanceRow::location, 70));
    table.getColumns().add(column("State", r -> r.state().name().toLowerCase(), 80));
    table.getColumns().add(column("Uptime", InstanceRow::uptime, 90));
    table.getColumns().add(column("Version", InstanceRow::version, 120));
    table.getColumns().add(column("Endpoints", InstanceRow::endpoints, 500));
    table.setPlaceholder(new Label("No instances."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

    ListView<String> warnings = new ListView<>(model.selectedWarnings());
    warnings.setId("instance-warnings");
    warnings.setPrefHeight(120);
    warnings.setPlaceholder(new Label("No recent warnings from the selected instance."));
    Label warningsTitle = new Label("Recent warnings (from the instance's own output, which never holds user data)");

    VBox top = new VBox(8, new HBox(16, title, summary), toolbar);
    setTop(top);
    setCenter(table);
    setBottom(new VBox(6, warningsTitle, warnings, new WorkBar(model.work(), "instances")));
    BorderPane.setMargin(table, new Insets(8, 0, 8, 0));
    setPadding(new Insets(16));
  }

  private void initListeners() {
    table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
      if (row != null) {
        model.selectedProperty().set(row.name());
      }
    });
    // A poll replaces the rows; keep the operator's selection by name.
    model.rows().addListener((javafx.collections.ListChangeListener<InstanceRow>) change -> {
      String name = model.selectedProperty().get();
      for (int i = 0; i < model.rows().size(); i++) {
        if (model.rows().get(i).name().equals(name)) {
          table.getSelectionModel().select(i);
          return;
        }
      }
    });
  }

  private static TableColumn<InstanceRow, String> column(String title,
      java.util.function.Function<InstanceRow, String> value, double width) {
    TableColumn<InstanceRow, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    column.setPrefWidth(width);
    return column;
  }

  private static TableColumn<InstanceRow, InstanceRow> healthColumn() {
    TableColumn<InstanceRow, InstanceRow> column = new TableColumn<>("Health");
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
    column.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(InstanceRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
          setGraphic(null);
          setText(null);
          return;
        }
        Circle light = new Circle(6);
        light.setStyle(row.healthy() ? "-fx-fill: -color-success-emphasis;"
            : row.state() == io.rvnt.operator.instances.InstanceState.STOPPED ? "-fx-fill: -color-fg-subtle;"
            : "-fx-fill: -color-danger-emphasis;");
        setGraphic(light);
        setText(row.healthy() ? "healthy" : row.health().name().toLowerCase());
      }
    });
    column.setPrefWidth(100);
    return column;
  }
}

package io.rvnt.console.metrics;

import atlantafx.base.theme.Styles;
import io.rvnt.console.work.WorkBar;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Lays out the Metrics screen and binds it to {@link MetricsViewModel}. */
public final class MetricsView extends VBox {
  private final MetricsViewModel model;
  private final XYChart.Series<Number, Number> p50 = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> p95 = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> p99 = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> rate = new XYChart.Series<>();

  public MetricsView(MetricsViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    Label title = new Label("Metrics");
    title.getStyleClass().add(Styles.TITLE_3);
    Label privacy = new Label(MetricsViewModel.AGGREGATES_ONLY);
    privacy.setId("metrics-privacy");
    privacy.getStyleClass().add(Styles.TEXT_MUTED);

    ComboBox<String> instance = new ComboBox<>(model.instances());
    instance.setId("metrics-instance");
    instance.valueProperty().bindBidirectional(model.selectedInstanceProperty());
    ComboBox<String> endpoint = new ComboBox<>(model.endpoints());
    endpoint.setId("metrics-endpoint");
    endpoint.valueProperty().bindBidirectional(model.selectedEndpointProperty());
    Button traffic = new Button("Run synthetic traffic");
    traffic.setId("run-traffic");
    traffic.getStyleClass().add(Styles.ACCENT);
    traffic.disableProperty().bind(model.work().busyProperty());
    traffic.setOnAction(e -> model.runTraffic(MetricsViewModel.DEFAULT_TRAFFIC_ROUNDS));
    HBox toolbar = new HBox(8, new Label("Instance"), instance, new Label("Endpoint"), endpoint, traffic);

    TableView<EndpointRow> table = new TableView<>(model.endpointRows());
    table.setId("metrics-table");
    table.getColumns().add(text("Endpoint", EndpointRow::endpoint));
    table.getColumns().add(number("Requests/s", EndpointRow::ratePerSecond, "%.2f"));
    table.getColumns().add(number("Requests", r -> r.requests(), "%.0f"));
    table.getColumns().add(number("4xx", r -> r.errors4xx(), "%.0f"));
    table.getColumns().add(number("5xx", r -> r.errors5xx(), "%.0f"));
    table.getColumns().add(number("Rate-limited", r -> r.rateLimited(), "%.0f"));
    table.getColumns().add(number("p50 ms", EndpointRow::p50Ms, "%.1f"));
    table.getColumns().add(number("p95 ms", EndpointRow::p95Ms, "%.1f"));
    table.getColumns().add(number("p99 ms", EndpointRow::p99Ms, "%.1f"));
    table.setPrefHeight(170);
    table.setPlaceholder(new Label("No endpoint has answered a request yet."));

    p50.setName("p50");
    p95.setName("p95");
    p99.setName("p99");
    rate.setName("requests/s");
    LineChart<Number, Number> latencyChart = chart("Latency (ms) over time (s)", "latency-chart");
    latencyChart.getData().addAll(List.of(p50, p95, p99));
    LineChart<Number, Number> rateChart = chart("Request rate over time (s)", "rate-chart");
    rateChart.getData().add(rate);
    HBox charts = new HBox(8, latencyChart, rateChart);
    HBox.setHgrow(latencyChart, Priority.ALWAYS);
    HBox.setHgrow(rateChart, Priority.ALWAYS);
    VBox.setVgrow(charts, Priority.ALWAYS);

    Label resources = new Label();
    resources.setId("metrics-resources");
    resources.textProperty().bind(model.resourcesProperty());

    getChildren().addAll(new VBox(2, title, privacy), toolbar, table, charts, resources,
        new WorkBar(model.work(), "metrics"));
    setSpacing(8);
    setPadding(new Insets(16));
  }

  private void initListeners() {
    model.latency().addListener((ListChangeListener<LatencyPoint>) change -> {
      p50.getData().setAll(points(LatencyPoint::p50Ms));
      p95.getData().setAll(points(LatencyPoint::p95Ms));
      p99.getData().setAll(points(LatencyPoint::p99Ms));
      rate.getData().setAll(points(LatencyPoint::ratePerSecond));
    });
  }

  private List<XYChart.Data<Number, Number>> points(ToDoubleFunction<LatencyPoint> value) {
    return model.latency().stream()
        .map(p -> new XYChart.Data<Number, Number>(p.seconds(), value.applyAsDouble(p))).toList();
  }

  private static LineChart<Number, Number> chart(String title, String id) {
    NumberAxis x = new NumberAxis();
    x.setForceZeroInRange(false);
    NumberAxis y = new NumberAxis();
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId(id);
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setMinHeight(220);
    return chart;
  }

  private static TableColumn<EndpointRow, String> text(String title, Function<EndpointRow, String> value) {
    TableColumn<EndpointRow, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    column.setPrefWidth(110);
    return column;
  }

  private static TableColumn<EndpointRow, String> number(String title, ToDoubleFunction<EndpointRow> value,
      String format) {
    TableColumn<EndpointRow, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(
        String.format(Locale.ROOT, format, value.applyAsDouble(cell.getValue()))));
    column.setPrefWidth(95);
    column.setStyle("-fx-alignment: CENTER-RIGHT;");
    return column;
  }
}

package io.rvnt.console.dht;

import atlantafx.base.theme.Styles;
import io.rvnt.console.work.WorkBar;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Lays out the DHT health screen and binds it to {@link DhtViewModel}. */
public final class DhtView extends VBox {
  private final DhtViewModel model;
  private final TableView<BootstrapRow> table = new TableView<>();
  private final XYChart.Series<String, Number> occupancy = new XYChart.Series<>();

  public DhtView(DhtViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    Label title = new Label("DHT health");
    title.getStyleClass().add(Styles.TITLE_3);
    Button probe = new Button("Probe now");
    probe.setId("dht-probe");
    probe.getStyleClass().add(Styles.ACCENT);
    probe.disableProperty().bind(model.work().busyProperty());
    probe.setOnAction(e -> model.runProbe());

    table.setId("dht-table");
    table.setItems(model.rows());
    table.getColumns().add(column("Node", BootstrapRow::name, 115));
    table.getColumns().add(column("PeerId", BootstrapRow::peerId, 150));
    table.getColumns().add(column("TCP", BootstrapRow::tcp, 50));
    table.getColumns().add(column("QUIC", BootstrapRow::quic, 60));
    table.getColumns().add(column("Latency", BootstrapRow::latency, 90));
    table.getColumns().add(column("Peers", BootstrapRow::connectedPeers, 65));
    table.getColumns().add(column("Routing table", BootstrapRow::routingTableSize, 130));
    table.getColumns().add(column("Knows others", BootstrapRow::knowsOthers, 125));
    table.getColumns().add(column("Lookups converge", BootstrapRow::lookupsConverge, 155));
    table.getColumns().add(column("Addresses", BootstrapRow::addresses, 900));
    table.setPlaceholder(new Label("No bootstrap nodes."));
    table.setPrefHeight(180);
    // The chart gives way when the window is short; the table, the alerts and the zone lines keep their height.
    table.setMinHeight(Region.USE_PREF_SIZE);

    ListView<String> alerts = new ListView<>(model.alerts());
    alerts.setId("dht-alerts");
    alerts.setPrefHeight(90);
    alerts.setMinHeight(Region.USE_PREF_SIZE);
    alerts.setPlaceholder(new Label("No alerts: every node reachable, all know each other, lookups converge."));

    CategoryAxis bucket = new CategoryAxis();
    bucket.setLabel("k-bucket");
    NumberAxis entries = new NumberAxis();
    entries.setLabel("entries");
    BarChart<String, Number> chart = new BarChart<>(bucket, entries);
    chart.setId("dht-buckets");
    chart.setTitle("Per-bucket occupancy of the selected node (non-empty k-buckets)");
    chart.setAnimated(false);
    chart.setLegendVisible(false);
    chart.setMinHeight(120);
    chart.setPrefHeight(240);
    VBox.setVgrow(chart, Priority.ALWAYS);
    chart.getData().add(occupancy);

    getChildren().addAll(new HBox(16, title, probe), table, new Label("Alerts"), alerts, dnsaddrSection(), chart,
        new WorkBar(model.work(), "dht"));
    setSpacing(8);
    setPadding(new Insets(16));
  }

  /** The dnsaddr records of the running nodes for a domain, and the check of what DNS serves. */
  private VBox dnsaddrSection() {
    Label heading = new Label("Bootstrap addresses in DNS (dnsaddr)");
    heading.getStyleClass().add(Styles.TEXT_BOLD);
    TextField domain = new TextField();
    domain.setId("dht-dns-domain");
    domain.setPromptText("Domain, e.g. bootstrap.example.org");
    domain.setPrefColumnCount(24);
    domain.textProperty().bindBidirectional(model.domainProperty());
    TextField server = new TextField();
    server.setId("dht-dns-server");
    server.setPromptText("DNS server HOST:PORT (blank: the system's)");
    server.setPrefColumnCount(22);
    server.textProperty().bindBidirectional(model.dnsServerProperty());
    Button check = new Button("Check DNS");
    check.setId("dht-dns-check");
    check.disableProperty().bind(model.work().busyProperty());
    check.setOnAction(e -> model.checkDns());

    TextArea zone = new TextArea();
    zone.setId("dht-dns-zone");
    zone.setEditable(false);
    zone.setPrefRowCount(3);
    zone.setMinHeight(Region.USE_PREF_SIZE);
    zone.setStyle("-fx-font-family: monospace;");
    zone.setPromptText("Enter the domain: the zone-file lines publishing the running nodes appear here.");
    zone.textProperty().bind(model.zoneTextProperty());
    ListView<String> notes = new ListView<>(model.dnsNotes());
    notes.setId("dht-dns-notes");
    notes.setPrefHeight(60);
    notes.setMinHeight(Region.USE_PREF_SIZE);
    notes.setPlaceholder(new Label("Check DNS compares what DNS serves under the domain with the running nodes."));
    return new VBox(6, heading, new HBox(8, domain, server, check), zone, notes);
  }

  private void initListeners() {
    table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
      if (row != null) {
        model.selectedProperty().set(row.name());
      }
    });
    model.buckets().addListener((ListChangeListener<BucketCount>) change -> occupancy.getData().setAll(
        model.buckets().stream()
            .map(b -> new XYChart.Data<String, Number>(Integer.toString(b.bucket()), b.entries())).toList()));
  }

  private static TableColumn<BootstrapRow, String> column(String title, Function<BootstrapRow, String> value,
      double width) {
    TableColumn<BootstrapRow, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    column.setMinWidth(Math.min(width, 200));
    column.setPrefWidth(width);
    return column;
  }
}

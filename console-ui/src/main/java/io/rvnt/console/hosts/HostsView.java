package io.rvnt.console.hosts;

import atlantafx.base.theme.Styles;
import io.rvnt.console.work.WorkBar;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Lays out the Hosts screen and binds it to {@link HostsViewModel}; no logic of its own. */
public final class HostsView extends BorderPane {
  private final HostsViewModel model;
  private final TableView<HostRow> table = new TableView<>();
  private final TextField name = field("host-name", "name", 110);
  private final TextField address = field("host-address", "address", 130);
  private final TextField port = field("host-port", "port (22)", 80);
  private final TextField user = field("host-user", "user", 90);
  private final ComboBox<String> role = new ComboBox<>();
  private final TextField keyFile = field("host-key-file", "SSH key file", 200);
  private final ComboBox<String> mode = new ComboBox<>();
  private final TextField root = field("host-root", "root (/)", 120);
  private final TextField adminPort = field("host-admin-port", "admin port", 90);

  public HostsView(HostsViewModel model) {
    this.model = model;
    createView();
    initListeners();
  }

  private void createView() {
    Label title = new Label("Hosts");
    title.getStyleClass().add(Styles.TITLE_3);
    role.setId("host-role");
    role.getItems().setAll(model.roleChoices());
    role.getSelectionModel().select(0);
    mode.setId("host-mode");
    mode.getItems().setAll("systemd", "plain");
    mode.getSelectionModel().select(0);
    Button add = new Button("Add host");
    add.setId("add-host");
    add.getStyleClass().add(Styles.ACCENT);
    add.disableProperty().bind(model.work().busyProperty());
    add.setOnAction(e -> model.addHost(new HostForm(name.getText(), address.getText(), port.getText(),
        user.getText(), role.getValue(), keyFile.getText(), mode.getValue(), root.getText(), adminPort.getText())));
    // Each field keeps its label once filled in: a prompt text alone vanishes as soon as the operator types.
    FlowPane form = new FlowPane(6, 6,
        labeled("Name", name), labeled("Address", address), labeled("SSH port", port), labeled("User", user),
        labeled("Role", role), labeled("SSH key file", keyFile), labeled("Service mode", mode),
        labeled("Root folder", root), labeled("Admin port", adminPort), labeled(" ", add));
    Label formHelp = new Label("Add host: the console connects once and shows the SHA-256 fingerprint of the key "
        + "the server presents; it is pinned only if you accept it. A changed key is always refused.");
    formHelp.setWrapText(true);

    table.setId("hosts-table");
    table.setItems(model.hosts());
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.getColumns().add(column("Name", HostRow::name, 110));
    table.getColumns().add(column("Address", HostRow::address, 130));
    table.getColumns().add(column("Port", r -> Integer.toString(r.port()), 60));
    table.getColumns().add(column("User", HostRow::user, 80));
    table.getColumns().add(column("Role", HostRow::role, 120));
    table.getColumns().add(column("Pinned host key (SHA-256)", HostRow::fingerprint, 430));
    table.getColumns().add(column("Metrics", HostRow::watching, 90));
    table.setPlaceholder(new Label("No hosts yet: add one above."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.setPrefHeight(200);

    TextField bundle = field("bundle-path", "release bundle for provision and deploy: …/rvnt-VERSION.tar.gz", 380);
    bundle.textProperty().bindBidirectional(model.bundlePathProperty());
    FlowPane actions = new FlowPane(6, 6);
    actions.getChildren().add(new Label("Selected hosts:"));
    for (HostAction action : HostAction.values()) {
      Button button = new Button(action.label());
      button.setId("action-" + action.name().toLowerCase(Locale.ROOT));
      button.setOnAction(e -> model.run(action, List.copyOf(model.selected())));
      bindEnabled(button);
      actions.getChildren().add(button);
    }
    Button watch = new Button("Watch metrics");
    watch.setId("watch-hosts");
    watch.setOnAction(e -> model.watch(List.copyOf(model.selected())));
    Button unwatch = new Button("Stop watching");
    unwatch.setId("unwatch-hosts");
    unwatch.setOnAction(e -> model.unwatch(List.copyOf(model.selected())));
    Button remove = new Button("Remove");
    remove.setId("remove-hosts");
    remove.getStyleClass().add(Styles.DANGER);
    remove.setOnAction(e -> model.removeHosts(List.copyOf(model.selected())));
    for (Button b : List.of(watch, unwatch, remove)) {
      bindEnabled(b);
    }
    actions.getChildren().addAll(watch, unwatch, remove);
    HBox bundleLine = new HBox(6, new Label("Bundle:"), bundle);
    HBox.setHgrow(bundle, Priority.ALWAYS);

    ListView<String> results = new ListView<>(model.results());
    results.setId("host-results");
    results.setPlaceholder(new Label("Outcomes of actions appear here, one line per host."));
    ListView<String> log = new ListView<>(model.log());
    log.setId("action-log");
    log.setPlaceholder(new Label("No operator actions recorded yet."));
    VBox outcomes = new VBox(4, new Label("Outcomes"), results);
    VBox history = new VBox(4, new Label("Operator action log (what was done where and when; never user data)"), log);
    VBox.setVgrow(results, Priority.ALWAYS);
    VBox.setVgrow(log, Priority.ALWAYS);
    HBox lists = new HBox(12, outcomes, history);
    HBox.setHgrow(outcomes, Priority.ALWAYS);
    HBox.setHgrow(history, Priority.ALWAYS);
    lists.setPrefHeight(240);

    setTop(new VBox(8, title, formHelp, form));
    setCenter(new VBox(8, table, bundleLine, actions));
    setBottom(new VBox(6, lists, new WorkBar(model.work(), "hosts")));
    BorderPane.setMargin(getCenter(), new Insets(8, 0, 8, 0));
    setPadding(new Insets(16));
  }

  private void bindEnabled(Button button) {
    button.disableProperty().bind(model.work().busyProperty()
        .or(javafx.beans.binding.Bindings.isEmpty(model.selected())));
  }

  private void initListeners() {
    table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<HostRow>) change ->
        model.selected().setAll(table.getSelectionModel().getSelectedItems().stream().map(HostRow::name).toList()));
  }

  private static VBox labeled(String text, Control control) {
    Label label = new Label(text);
    label.setLabelFor(control);
    label.getStyleClass().add(Styles.TEXT_SMALL);
    return new VBox(2, label, control);
  }

  private static TextField field(String id, String prompt, double width) {
    TextField field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    field.setPrefWidth(width);
    return field;
  }

  private static TableColumn<HostRow, String> column(String title, Function<HostRow, String> value, double width) {
    TableColumn<HostRow, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    column.setPrefWidth(width);
    return column;
  }
}

package io.rvnt.console.shell;

import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableIntegerValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The console's frame: a sidebar of screens (arrow keys, or Ctrl+1..6), with a badge where a screen has one, and
 * the selected screen beside it.
 */
public final class MainView extends BorderPane {
  private final Map<String, Node> screens = new LinkedHashMap<>();
  private final Map<String, ObservableIntegerValue> badges = new LinkedHashMap<>();
  private final ListView<String> sidebar = new ListView<>();

  public MainView(Map<String, Node> screens) {
    this.screens.putAll(screens);
    createView();
    initListeners();
    sidebar.getSelectionModel().select(0);
  }

  private void createView() {
    Label product = new Label("RVNT operator");
    product.getStyleClass().add(Styles.TITLE_4);
    product.setPadding(new Insets(12, 12, 8, 12));
    sidebar.setId("sidebar");
    sidebar.getItems().setAll(screens.keySet());
    sidebar.setPrefWidth(170);
    sidebar.setCellFactory(list -> new SidebarCell());
    VBox left = new VBox(product, sidebar);
    VBox.setVgrow(sidebar, javafx.scene.layout.Priority.ALWAYS);
    setLeft(left);
  }

  private void initListeners() {
    sidebar.getSelectionModel().selectedItemProperty().addListener((obs, old, name) -> {
      if (name != null) {
        setCenter(screens.get(name));
      }
    });
    sceneProperty().addListener((obs, old, scene) -> {
      if (scene == null) {
        return;
      }
      List<String> names = List.copyOf(screens.keySet());
      KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
          KeyCode.DIGIT6};
      for (int i = 0; i < names.size() && i < digits.length; i++) {
        String name = names.get(i);
        scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN),
            () -> show(name));
      }
    });
  }

  /** Shows {@code count} beside the screen's name in the sidebar while it is above 0 (the Alerts screen's badge). */
  public void badge(String screen, ObservableIntegerValue count) {
    badges.put(screen, count);
    count.addListener((obs, old, now) -> sidebar.refresh());
    sidebar.refresh();
  }

  /** A screen's name, and its badge when it has one above 0. */
  private final class SidebarCell extends ListCell<String> {
    @Override
    protected void updateItem(String name, boolean empty) {
      super.updateItem(name, empty);
      if (empty || name == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      setText(name);
      ObservableIntegerValue count = badges.get(name);
      if (count == null || count.get() == 0) {
        setGraphic(null);
        return;
      }
      Label badge = new Label(Integer.toString(count.get()));
      badge.setId("badge-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
      badge.setStyle("-fx-background-color: -color-danger-emphasis; -fx-text-fill: -color-fg-emphasis; "
          + "-fx-background-radius: 8; -fx-padding: 0 6 0 6; -fx-font-weight: bold;");
      setGraphic(badge);
      setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
      setGraphicTextGap(8);
    }
  }

  /** Shows a screen by its sidebar name. */
  public void show(String name) {
    sidebar.getSelectionModel().select(name);
  }

  public List<String> screenNames() {
    return List.copyOf(screens.keySet());
  }
}

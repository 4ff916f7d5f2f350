package io.rvnt.console.shell;

import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The console's frame: a sidebar of screens (arrow keys, or Ctrl+1..4) and the selected screen beside it.
 */
public final class MainView extends BorderPane {
  private final Map<String, Node> screens = new LinkedHashMap<>();
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
      KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5};
      for (int i = 0; i < names.size() && i < digits.length; i++) {
        String name = names.get(i);
        scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN),
            () -> show(name));
      }
    });
  }

  /** Shows a screen by its sidebar name. */
  public void show(String name) {
    sidebar.getSelectionModel().select(name);
  }

  public List<String> screenNames() {
    return List.copyOf(screens.keySet());
  }
}

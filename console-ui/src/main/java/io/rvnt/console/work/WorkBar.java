package io.rvnt.console.work;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The status line of a screen: progress while its work runs, a Cancel button, and the last error in red. */
public final class WorkBar extends VBox {
  public WorkBar(BackgroundWork work, String idPrefix) {
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(18, 18);
    spinner.progressProperty().bind(work.progressProperty());
    spinner.visibleProperty().bind(work.busyProperty());
    spinner.managedProperty().bind(work.busyProperty());
    Label message = new Label();
    message.setId(idPrefix + "-message");
    message.textProperty().bind(work.messageProperty());
    Button cancel = new Button("Cancel");
    cancel.setId(idPrefix + "-cancel");
    cancel.visibleProperty().bind(work.busyProperty());
    cancel.setOnAction(e -> work.cancel());
    HBox line = new HBox(8, spinner, message, cancel);
    line.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(message, Priority.ALWAYS);
    Label error = new Label();
    error.setId(idPrefix + "-error");
    error.setWrapText(true);
    error.getStyleClass().add(Styles.DANGER);
    error.textProperty().bind(work.errorProperty());
    error.visibleProperty().bind(work.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    getChildren().addAll(line, error);
    setSpacing(4);
    setPadding(new Insets(8, 0, 0, 0));
  }
}

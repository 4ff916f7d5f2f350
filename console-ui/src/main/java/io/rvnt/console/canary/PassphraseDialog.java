package io.rvnt.console.canary;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for the canary key's passphrase each time it is needed. The field is cleared as soon as the characters are
 * taken; the caller wipes the array after use. Nothing keeps it.
 */
final class PassphraseDialog {
  private PassphraseDialog() {}

  /** Empty when cancelled; with {@code confirm}, also when the two entries differ or are empty. */
  static Optional<char[]> ask(Window owner, String purpose, boolean confirm) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("Canary key passphrase");
    dialog.setHeaderText(purpose);
    PasswordField first = new PasswordField();
    first.setId("passphrase");
    first.setPromptText("passphrase");
    PasswordField second = new PasswordField();
    second.setId("passphrase-again");
    second.setPromptText("again");
    VBox fields = new VBox(8, new Label("The passphrase is used once and never stored."), first);
    if (confirm) {
      fields.getChildren().add(second);
    }
    dialog.getDialogPane().setContent(fields);
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Platform.runLater(first::requestFocus);
    Optional<ButtonType> answer = dialog.showAndWait();
    char[] entered = first.getText().toCharArray();
    boolean matches = !confirm || first.getText().equals(second.getText());
    first.clear();
    second.clear();
    if (answer.isEmpty() || answer.get() != ButtonType.OK || entered.length == 0 || !matches) {
      java.util.Arrays.fill(entered, '\0');
      return Optional.empty();
    }
    return Optional.of(entered);
  }
}

package io.rvnt.console.hosts;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * {@link HostPrompts} as dialogs: called on a worker thread, shows the dialog on the FX thread and waits for the
 * operator. The host-key dialog shows the SHA-256 fingerprint and defaults to refusing; the secret dialog clears its
 * field as soon as the characters are taken.
 */
public final class DialogPrompts implements HostPrompts {
  static final ButtonType ACCEPT = new ButtonType("Accept this key", ButtonBar.ButtonData.OK_DONE);
  static final ButtonType REFUSE = new ButtonType("Refuse", ButtonBar.ButtonData.CANCEL_CLOSE);

  private final Supplier<Window> owner;

  public DialogPrompts(Supplier<Window> owner) {
    this.owner = owner;
  }

  @Override
  public boolean acceptHostKey(String host, String fingerprint) {
    return onFxThread(() -> {
      Dialog<ButtonType> dialog = new Dialog<>();
      dialog.initOwner(owner.get());
      dialog.setTitle("Verify the host key of " + host);
      dialog.setHeaderText("First connection to " + host + ": is this its host key?");
      Label value = new Label(fingerprint);
      value.setId("host-key-fingerprint");
      value.setStyle("-fx-font-family: monospace; -fx-font-size: 14px;");
      dialog.getDialogPane().setContent(new VBox(8,
          new Label("The server presented a key with this SHA-256 fingerprint:"), value,
          new Label("Compare it with the one the host shows (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub -E "
              + "sha256)\nthrough a channel you trust. Accept only if they are the same; it will then be pinned.")));
      dialog.getDialogPane().getButtonTypes().addAll(ACCEPT, REFUSE);
      dialog.getDialogPane().lookupButton(ACCEPT).setId("accept-host-key");
      dialog.getDialogPane().lookupButton(REFUSE).setId("refuse-host-key");
      // Enter must not accept a key by accident: the default button refuses.
      ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(ACCEPT)).setDefaultButton(false);
      ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(REFUSE)).setDefaultButton(true);
      Optional<ButtonType> answer = dialog.showAndWait();
      return answer.isPresent() && answer.get() == ACCEPT;
    }, false);
  }

  @Override
  public char[] secret(String title, String prompt) {
    return onFxThread(() -> {
      Dialog<ButtonType> dialog = new Dialog<>();
      dialog.initOwner(owner.get());
      dialog.setTitle(title);
      dialog.setHeaderText(prompt.strip());
      PasswordField field = new PasswordField();
      field.setId("host-secret");
      dialog.getDialogPane().setContent(new VBox(8, new Label("Used for this action only, never stored."), field));
      dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
      Platform.runLater(field::requestFocus);
      Optional<ButtonType> answer = dialog.showAndWait();
      char[] entered = field.getText().toCharArray();
      field.clear();
      if (answer.isEmpty() || answer.get() != ButtonType.OK) {
        Arrays.fill(entered, '\0');
        return null;
      }
      return entered;
    }, null);
  }

  private static <T> T onFxThread(Supplier<T> ask, T whenInterrupted) {
    if (Platform.isFxApplicationThread()) {
      return ask.get();
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        answer.complete(ask.get());
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return whenInterrupted;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the dialog failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}

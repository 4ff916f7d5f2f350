package io.rvnt.console.canary;

import atlantafx.base.theme.Styles;
import io.rvnt.console.work.WorkBar;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Lays out the Canary screen and binds it to {@link CanaryViewModel}; asks passphrases through a dialog. */
public final class CanaryView extends VBox {
  private final CanaryViewModel model;

  public CanaryView(CanaryViewModel model) {
    this.model = model;
    createView();
  }

  private void createView() {
    Label title = new Label("Warrant canary");
    title.getStyleClass().add(Styles.TITLE_3);

    Label verdict = new Label();
    verdict.setId("canary-verdict");
    verdict.textProperty().bind(model.verdictProperty());
    verdict.getStyleClass().add(Styles.TITLE_4);
    Label due = new Label();
    due.setId("canary-due");
    due.textProperty().bind(model.dueProperty());
    Runnable colour = () -> {
      verdict.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
      due.getStyleClass().removeAll(Styles.DANGER);
      boolean checked = !model.dueProperty().get().isEmpty() || !model.reasonsProperty().get().isEmpty();
      if (checked) {
        verdict.getStyleClass().add(model.lateProperty().get() ? Styles.DANGER : Styles.SUCCESS);
      }
      if (model.lateProperty().get()) {
        due.getStyleClass().add(Styles.DANGER);
      }
    };
    model.lateProperty().addListener((obs, old, late) -> colour.run());
    model.verdictProperty().addListener((obs, old, now) -> colour.run());
    Label reasons = new Label();
    reasons.setWrapText(true);
    reasons.textProperty().bind(model.reasonsProperty());
    Button checkSite = new Button("Check the site");
    checkSite.setId("canary-check-site");
    checkSite.setOnAction(e -> model.checkSite());
    HBox status = new HBox(16, new Label("Status:"), verdict, due, checkSite);

    TextField keyDir = field("canary-key-dir", model.keyDirProperty());
    TextField name = field("canary-name", model.nameProperty());
    TextField email = field("canary-email", model.emailProperty());
    TextField importFile = new TextField();
    importFile.setId("canary-import-file");
    importFile.setPromptText("exported secret key (.asc)");
    Label fingerprint = new Label();
    fingerprint.setId("canary-fingerprint");
    fingerprint.textProperty().bind(model.fingerprintProperty());
    Button generate = new Button("Generate key");
    generate.setId("canary-generate");
    generate.setOnAction(e -> PassphraseDialog.ask(getScene().getWindow(), "Choose the new key's passphrase", true)
        .ifPresent(model::generateKey));
    Button importKey = new Button("Import key");
    importKey.setId("canary-import");
    importKey.setOnAction(e -> PassphraseDialog.ask(getScene().getWindow(), "Passphrase of the exported key", false)
        .ifPresent(p -> model.importKey(Path.of(importFile.getText().strip()), p)));
    for (Button b : new Button[] {generate, importKey}) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    GridPane keyGrid = new GridPane();
    keyGrid.setHgap(8);
    keyGrid.setVgap(6);
    keyGrid.addRow(0, label("Key folder"), keyDir);
    keyGrid.addRow(1, label("Name"), name, label("E-mail"), email, generate);
    keyGrid.addRow(2, label("Import from"), importFile, importKey);
    keyGrid.addRow(3, label("Fingerprint"), fingerprint);
    fingerprint.setMinWidth(Region.USE_PREF_SIZE);
    TitledPane keyPane = new TitledPane("Signing key", keyGrid);
    keyPane.setExpanded(true);

    TextArea freshness = new TextArea();
    freshness.setId("canary-freshness");
    freshness.setPromptText("Proof of freshness: a recent block hash or headline, one per line");
    freshness.setPrefRowCount(2);
    freshness.textProperty().bindBidirectional(model.freshnessProperty());
    TextArea review = new TextArea();
    review.setId("canary-review");
    review.setEditable(false);
    review.setPrefRowCount(10);
    review.textProperty().bind(model.reviewProperty());
    VBox.setVgrow(review, Priority.ALWAYS);
    Button preview = new Button("Review text");
    preview.setId("canary-preview");
    preview.setOnAction(e -> model.preview());
    Button sign = new Button("Sign…");
    sign.setId("canary-sign");
    sign.getStyleClass().add(Styles.ACCENT);
    sign.setOnAction(e -> PassphraseDialog.ask(getScene().getWindow(), "Passphrase to sign this canary", false)
        .ifPresent(model::sign));
    Button verify = new Button("Verify");
    verify.setId("canary-verify");
    verify.setOnAction(e -> model.verify());
    Button publish = new Button("Publish");
    publish.setId("canary-publish");
    publish.setOnAction(e -> model.publish());
    for (Button b : new Button[] {generate, importKey, preview, sign, verify, publish, checkSite}) {
      b.disableProperty().bind(model.work().busyProperty());
    }
    GridPane folders = new GridPane();
    folders.setHgap(8);
    folders.setVgap(6);
    folders.addRow(0, new Label("Signed into"), field("canary-signed-dir", model.signedDirProperty()));
    folders.addRow(1, new Label("Publish to"), field("canary-site-dir", model.siteDirProperty()));
    VBox workflow = new VBox(8, freshness, new HBox(8, preview, sign, verify, publish), review, folders);
    TitledPane workflowPane = new TitledPane("This month's canary", workflow);

    getChildren().addAll(title, status, reasons, keyPane, workflowPane, new WorkBar(model.work(), "canary"));
    setSpacing(8);
    setPadding(new Insets(16));
  }

  private static Label label(String text) {
    Label label = new Label(text);
    label.setMinWidth(Region.USE_PREF_SIZE);
    return label;
  }

  private static TextField field(String id, javafx.beans.property.StringProperty property) {
    TextField field = new TextField();
    field.setId(id);
    field.setPrefColumnCount(28);
    field.textProperty().bindBidirectional(property);
    return field;
  }
}

package io.rvnt.console.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.document.DueDates;
import io.rvnt.canary.openpgp.Fingerprint;
import io.rvnt.canary.openpgp.KeyDirectory;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.openpgp.SigningKeyGenerator;
import io.rvnt.canary.publish.CanarySigning;
import io.rvnt.canary.publish.SigningRequest;
import io.rvnt.canary.publish.SitePublisher;
import io.rvnt.canary.publish.SiteWatch;
import io.rvnt.canary.verify.SeenFile;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import io.rvnt.console.work.BackgroundWork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Canary screen: the published canary's status (verdict, days until due, late in red), and the monthly
 * workflow: fill the freshness field, review the text, sign (the passphrase is asked for each time and wiped after
 * use, never kept), verify, publish to the site's folder; and key generation or import. All through the canary
 * module's services, which the {@code ./rvnt canary} commands use too.
 */
public final class CanaryViewModel {
  private final BackgroundWork work;
  private final Clock clock;
  private final VerificationPolicy policy = VerificationPolicy.defaults();
  private final StringProperty keyDir = new SimpleStringProperty();
  private final StringProperty signedDir = new SimpleStringProperty();
  private final StringProperty siteDir = new SimpleStringProperty();
  private final Path stateFile;
  private final StringProperty name = new SimpleStringProperty("");
  private final StringProperty email = new SimpleStringProperty("");
  private final StringProperty freshness = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper review = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper fingerprint = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("not checked");
  private final ReadOnlyStringWrapper due = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Optional<LocalDate>> dueDate = new ReadOnlyObjectWrapper<>(Optional.empty());
  private final ReadOnlyBooleanWrapper late = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper reasons = new ReadOnlyStringWrapper("");

  public CanaryViewModel(BackgroundWork work, Clock clock, CanaryPaths paths) {
    this.work = work;
    this.clock = clock;
    this.stateFile = paths.stateFile();
    keyDir.set(paths.keyDir().toString());
    signedDir.set(paths.signedDir().toString());
    siteDir.set(paths.siteDir().toString());
  }

  /** Reads the key folder's fingerprint, if a key is there; quick, so it runs on the caller's thread. */
  public void loadKey() {
    Path dir = Path.of(keyDir.get());
    if (!Files.isRegularFile(dir.resolve(KeyDirectory.SECRET_KEY))) {
      fingerprint.set("");
      return;
    }
    try {
      SigningKey key = KeyDirectory.load(dir);
      fingerprint.set(key.fingerprint().grouped());
    } catch (CanaryException e) {
      work.fail(e.getMessage());
    }
  }

  /** Makes a new signing key in the key folder; the passphrase array is wiped when done. */
  public void generateKey(char[] passphrase) {
    String userId = name.get().strip() + " <" + email.get().strip() + ">";
    if (name.get().isBlank() || email.get().isBlank()) {
      Arrays.fill(passphrase, '\0');
      work.fail("Enter a name and an e-mail address for the key's user ID.");
      return;
    }
    Path dir = Path.of(keyDir.get());
    startWiping("Generating the canary key", passphrase, secret -> {
      SigningKey key = new SigningKeyGenerator(clock).generate(userId, secret);
      KeyDirectory.store(dir, key);
      return key.fingerprint().grouped();
    }, fingerprint::set);
  }

  /** Imports an exported secret key into the key folder after checking the passphrase unlocks it. */
  public void importKey(Path exported, char[] passphrase) {
    Path dir = Path.of(keyDir.get());
    startWiping("Importing the canary key", passphrase, secret -> {
      byte[] encoded;
      try {
        encoded = Files.readAllBytes(exported);
      } catch (java.io.IOException e) {
        throw new CanaryException(CanaryException.Reason.IO, "cannot read " + exported + ": " + e.getMessage(), e);
      }
      SigningKey key = SigningKey.parse(encoded);
      key.unlock(secret);
      KeyDirectory.store(dir, key);
      return key.fingerprint().grouped();
    }, fingerprint::set);
  }

  /** Renders the text that signing would publish, for the operator to read before signing. */
  public void preview() {
    try {
      SigningKey key = KeyDirectory.load(Path.of(keyDir.get()));
      SigningRequest request = request();
      CanaryDocument document = CanaryDocument.affirmingAll(key.userId(), request.published(), nextSequence(),
          DueDates.defaultDue(request.published()), request.freshness());
      review.set(new String(CanaryText.withDefaultLimits().render(document), StandardCharsets.UTF_8));
    } catch (CanaryException | IllegalArgumentException e) {
      work.fail(e.getMessage());
    }
  }

  /** Signs this month's canary into the signed folder; the passphrase array is wiped when done. */
  public void sign(char[] passphrase) {
    SigningRequest request;
    try {
      request = request();
    } catch (IllegalArgumentException e) {
      Arrays.fill(passphrase, '\0');
      work.fail(e.getMessage());
      return;
    }
    Path keys = Path.of(keyDir.get());
    Path out = Path.of(signedDir.get());
    startWiping("Signing the canary", passphrase, secret -> new CanarySigning(clock, policy)
        .sign(KeyDirectory.load(keys), secret, request, out), this::showResult);
  }

  /** Verifies the signed folder exactly as a user would (both signatures, dates, statements). */
  public void verify() {
    Path folder = Path.of(signedDir.get());
    Path keys = Path.of(keyDir.get());
    work.start("Verifying the canary", progress -> new SiteWatch(clock, policy, new SeenFile(stateFile))
        .check(folder, pinned(keys), false), this::showResult);
  }

  /** Copies the verified canary into the site's folder. */
  public void publish() {
    Path from = Path.of(signedDir.get());
    Path site = Path.of(siteDir.get());
    Path keys = Path.of(keyDir.get());
    work.start("Publishing the canary", progress -> new SitePublisher(clock, policy)
        .publish(from, site, pinned(keys)), this::showResult);
  }

  /** The status of what the site serves now. */
  public void checkSite() {
    Path site = Path.of(siteDir.get());
    Path keys = Path.of(keyDir.get());
    work.start("Checking the published canary", progress -> new SiteWatch(clock, policy, new SeenFile(stateFile))
        .check(site, pinned(keys), false), this::showResult);
  }

  private Fingerprint pinned(Path keys) throws CanaryException {
    return KeyDirectory.load(keys).fingerprint();
  }

  private void showResult(VerificationResult result) {
    verdict.set(result.verdict().name());
    Optional<Long> days = result.daysUntilDue();
    due.set(days.map(d -> d < 0 ? "late by " + -d + " days" : d == 0 ? "due today" : "due in " + d + " days")
        .orElse(""));
    late.set(!result.ok() || days.map(d -> d < 0).orElse(false));
    dueDate.set(result.document().map(document -> document.due()));
    reasons.set(String.join("\n", result.reasons()));
  }

  private SigningRequest request() {
    List<String> lines = freshness.get().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Fill the freshness field: a recent block hash or headline, one per line.");
    }
    return new SigningRequest(LocalDate.now(clock), Optional.empty(), OptionalLong.empty(), lines);
  }

  private long nextSequence() throws CanaryException {
    Path out = Path.of(signedDir.get());
    if (!io.rvnt.canary.publish.SiteDirectory.hasCanary(out)) {
      return 1;
    }
    return CanaryText.withDefaultLimits()
        .parse(io.rvnt.canary.publish.SiteDirectory.readText(out, policy)).sequence() + 1;
  }

  private interface SecretJob<T> {
    T run(char[] secret) throws Exception;
  }

  private <T> void startWiping(String label, char[] passphrase, SecretJob<T> job, java.util.function.Consumer<T> done) {
    boolean started = work.start(label, progress -> {
      try {
        return job.run(passphrase);
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }, done);
    if (!started) {
      Arrays.fill(passphrase, '\0');
    }
  }

  public StringProperty keyDirProperty() {
    return keyDir;
  }

  public StringProperty signedDirProperty() {
    return signedDir;
  }

  public StringProperty siteDirProperty() {
    return siteDir;
  }

  public StringProperty nameProperty() {
    return name;
  }

  public StringProperty emailProperty() {
    return email;
  }

  public StringProperty freshnessProperty() {
    return freshness;
  }

  public ReadOnlyStringProperty reviewProperty() {
    return review.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty fingerprintProperty() {
    return fingerprint.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty verdictProperty() {
    return verdict.getReadOnlyProperty();
  }

  /** The due date of the canary last checked or signed, for the Alerts screen; empty when none could be read. */
  public ReadOnlyObjectProperty<Optional<LocalDate>> dueDateProperty() {
    return dueDate.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty dueProperty() {
    return due.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty lateProperty() {
    return late.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty reasonsProperty() {
    return reasons.getReadOnlyProperty();
  }

  public BackgroundWork work() {
    return work;
  }
}

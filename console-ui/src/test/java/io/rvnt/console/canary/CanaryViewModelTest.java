package io.rvnt.console.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.console.Direct;
import io.rvnt.console.work.BackgroundWork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryViewModelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path temp;

  private CanaryViewModel model() {
    return new CanaryViewModel(new BackgroundWork(Runnable::run, new Direct()), CLOCK, CanaryPaths.under(temp));
  }

  @Test
  void generatesSignsVerifiesAndPublishesAndWipesEveryPassphrase() throws Exception {
    CanaryViewModel model = model();
    model.nameProperty().set("Operators");
    model.emailProperty().set("ops@example.org");
    char[] first = "correct horse".toCharArray();
    model.generateKey(first);
    assertThat(model.work().errorProperty().get()).isEmpty();
    assertThat(model.fingerprintProperty().get()).as("the new key's fingerprint is shown").hasSize(50);
    assertThat(first).as("the passphrase is wiped after use").containsOnly('\0');
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(temp.resolve("canary-key").resolve("secret-key.asc"))))
        .as("the secret key file is private").isEqualTo("rw-------");

    model.freshnessProperty().set("block 123abc\n\nheadline of the day\n");
    model.preview();
    assertThat(model.reviewProperty().get()).as("the text to be signed, for review")
        .contains("block 123abc", "headline of the day", "2026-11-02");

    char[] second = "correct horse".toCharArray();
    model.sign(second);
    assertThat(model.work().errorProperty().get()).isEmpty();
    assertThat(second).containsOnly('\0');
    assertThat(model.verdictProperty().get()).isEqualTo("OK");
    assertThat(model.dueProperty().get()).as("due on the 5th of next month").isEqualTo("due in 33 days");
    assertThat(model.lateProperty().get()).isFalse();

    model.verify();
    assertThat(model.verdictProperty().get()).isEqualTo("OK");
    model.publish();
    assertThat(model.work().errorProperty().get()).isEmpty();
    for (String file : SiteDirectory.FILES) {
      assertThat(temp.resolve("canary-site").resolve(file)).as("published " + file).isRegularFile();
    }
    model.checkSite();
    assertThat(model.verdictProperty().get()).isEqualTo("OK");
  }

  @Test
  void aWrongPassphraseIsAReadableErrorAndSignsNothing() {
    CanaryViewModel model = model();
    model.nameProperty().set("Operators");
    model.emailProperty().set("ops@example.org");
    model.generateKey("right".toCharArray());
    model.freshnessProperty().set("headline");
    model.sign("wrong".toCharArray());
    assertThat(model.work().errorProperty().get()).as("one readable line").isNotEmpty().doesNotContain("Exception");
    assertThat(temp.resolve("canary-signed").resolve(SiteDirectory.TEXT)).doesNotExist();
  }

  @Test
  void signingNeedsTheFreshnessField() {
    CanaryViewModel model = model();
    char[] passphrase = "x".toCharArray();
    model.sign(passphrase);
    assertThat(model.work().errorProperty().get()).contains("freshness");
    assertThat(passphrase).as("wiped even when refused").containsOnly('\0');
  }

  @Test
  void aKeyNeedsANameAndAnEmail() {
    CanaryViewModel model = model();
    model.generateKey("x".toCharArray());
    assertThat(model.work().errorProperty().get()).contains("name and an e-mail");
  }

  @Test
  void aLateCanaryIsShownAsLate() throws Exception {
    CanaryViewModel model = model();
    model.nameProperty().set("Operators");
    model.emailProperty().set("ops@example.org");
    model.generateKey("p".toCharArray());
    model.freshnessProperty().set("headline");
    model.sign("p".toCharArray());
    model.publish();
    CanaryViewModel later = new CanaryViewModel(new BackgroundWork(Runnable::run, new Direct()),
        Clock.fixed(Instant.parse("2026-12-20T10:00:00Z"), ZoneOffset.UTC), CanaryPaths.under(temp));
    later.checkSite();
    assertThat(later.verdictProperty().get()).isEqualTo("STALE");
    assertThat(later.lateProperty().get()).as("shown in red").isTrue();
  }
}

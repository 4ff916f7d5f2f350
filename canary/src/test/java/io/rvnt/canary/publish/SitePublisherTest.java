package io.rvnt.canary.publish;

import static io.rvnt.canary.testing.Fixtures.PUBLISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.testing.Fixtures;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitePublisherTest {
  private final SigningKey key = Fixtures.operatorKey();

  @TempDir Path temp;

  @Test
  void copiesTheFourVerifiedFilesIntoTheSite() throws Exception {
    Path signed = signInto("signed", PUBLISHED, 1);
    Path site = temp.resolve("site/www");

    assertThat(publisher().publish(signed, site, key.fingerprint()).verdict()).isEqualTo(Verdict.OK);

    for (String name : SiteDirectory.FILES) {
      assertThat(site.resolve(name)).as(name).hasSameBinaryContentAs(signed.resolve(name));
    }
  }

  @Test
  void publishingTheSameCanaryTwiceIsHarmless() throws Exception {
    Path signed = signInto("signed", PUBLISHED, 1);
    Path site = temp.resolve("site");
    publisher().publish(signed, site, key.fingerprint());

    assertThat(publisher().publish(signed, site, key.fingerprint()).verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void refusesACanaryOlderThanTheOneTheSiteServes() throws Exception {
    Path site = temp.resolve("site");
    publisher().publish(signInto("new", PUBLISHED, 2), site, key.fingerprint());
    Path old = signInto("old", PUBLISHED, 1);
    byte[] served = Files.readAllBytes(site.resolve(SiteDirectory.TEXT));

    assertThatThrownBy(() -> publisher().publish(old, site, key.fingerprint()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_VERIFIED))
        .hasMessageContaining("STALE");
    assertThat(Files.readAllBytes(site.resolve(SiteDirectory.TEXT))).as("the site is unchanged").isEqualTo(served);
  }

  @Test
  void refusesATamperedCanary() throws Exception {
    Path signed = signInto("signed", PUBLISHED, 1);
    Path text = signed.resolve(SiteDirectory.TEXT);
    Files.writeString(text, Files.readString(text).replace("block 1234", "block 1235"));
    Path site = temp.resolve("site");

    assertThatThrownBy(() -> publisher().publish(signed, site, key.fingerprint()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_VERIFIED))
        .hasMessageContaining("BAD_SIGNATURE");
    assertThat(site.resolve(SiteDirectory.TEXT)).doesNotExist();
  }

  @Test
  void refusesACanarySignedByAnotherKeyThanThePinnedOne() throws Exception {
    Path signed = signInto("signed", PUBLISHED, 1);
    SigningKey other = Fixtures.newKey("Other <other@example.org>");

    assertThatThrownBy(() -> publisher().publish(signed, temp.resolve("site"), other.fingerprint()))
        .hasMessageContaining("WRONG_KEY");
  }

  @Test
  void reportsAMissingFileByName() throws Exception {
    Path signed = signInto("signed", PUBLISHED, 1);
    Files.delete(signed.resolve(SiteDirectory.CLEAR_SIGNED));

    assertThatThrownBy(() -> publisher().publish(signed, temp.resolve("site"), key.fingerprint()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT))
        .hasMessageContaining("canary.asc is missing");
  }

  private static SitePublisher publisher() {
    return new SitePublisher(Fixtures.clockOn(PUBLISHED), VerificationPolicy.defaults());
  }

  private Path signInto(String name, LocalDate published, long sequence) throws CanaryException {
    Path directory = temp.resolve(name);
    new CanarySigning(Fixtures.clockOn(PUBLISHED), VerificationPolicy.defaults())
        .sign(
            key,
            Fixtures.passphrase(),
            new SigningRequest(published, Optional.empty(), OptionalLong.of(sequence), List.of("block 1234")),
            directory);
    return directory;
  }
}

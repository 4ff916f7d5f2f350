package io.rvnt.canary.publish;

import static io.rvnt.canary.testing.Fixtures.PUBLISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.document.CanaryText;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.testing.Fixtures;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import io.rvnt.canary.verify.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanarySigningTest {
  private final SigningKey key = Fixtures.operatorKey();

  @TempDir Path out;

  @Test
  void writesTheFourFilesWorldReadableForTheWebServer() throws Exception {
    VerificationResult result = sign(PUBLISHED, OptionalLong.empty());

    assertThat(result.verdict()).isEqualTo(Verdict.OK);
    for (String name : SiteDirectory.FILES) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name))))
          .as(name)
          .isEqualTo("rw-r--r--");
    }
    assertThat(Files.readString(out.resolve(SiteDirectory.TEXT))).contains("Issuer: " + Fixtures.USER_ID);
    assertThat(Files.readString(out.resolve(SiteDirectory.PUBLIC_KEY))).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    assertThat(Files.list(out).map(path -> path.getFileName().toString()))
        .as("no temporary file is left behind")
        .containsExactlyInAnyOrderElementsOf(SiteDirectory.FILES);
  }

  @Test
  void numbersEachCanaryOneAboveThePreviousAndDefaultsTheDueDate() throws Exception {
    assertThat(sign(PUBLISHED, OptionalLong.empty()).document().orElseThrow().sequence()).isEqualTo(1);
    LocalDate firstOfDecember = LocalDate.of(2026, 12, 1);
    VerificationResult december =
        new CanarySigning(Fixtures.clockOn(firstOfDecember), VerificationPolicy.defaults())
            .sign(key, Fixtures.passphrase(), request(firstOfDecember, OptionalLong.empty()), out);

    assertThat(december.document().orElseThrow().sequence()).isEqualTo(2);
    assertThat(december.document().orElseThrow().due()).isEqualTo(LocalDate.of(2027, 1, 5));
  }

  @Test
  void refusesASequenceNumberThatDoesNotRise() throws Exception {
    sign(PUBLISHED, OptionalLong.of(5));
    byte[] before = Files.readAllBytes(out.resolve(SiteDirectory.TEXT));

    assertThatThrownBy(() -> sign(PUBLISHED, OptionalLong.of(5)))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_OVERWRITE))
        .hasMessageContaining("sequence 5 is not above 5");
    assertThat(Files.readAllBytes(out.resolve(SiteDirectory.TEXT))).as("nothing changed").isEqualTo(before);
  }

  @Test
  void refusesADateBeforeThePreviousCanary() throws Exception {
    sign(PUBLISHED, OptionalLong.empty());

    assertThatThrownBy(() -> sign(PUBLISHED.minusDays(1), OptionalLong.empty()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_OVERWRITE));
  }

  @Test
  void refusesToSignACanaryDatedInTheFuture() {
    assertThatThrownBy(() -> sign(PUBLISHED.plusDays(10), OptionalLong.empty()))
        .as("a canary signed in advance says nothing about the day it is published")
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_VERIFIED))
        .hasMessageContaining("MALFORMED")
        .hasMessageContaining("in the future");
    assertThat(out.resolve(SiteDirectory.TEXT)).doesNotExist();
  }

  @Test
  void refusesToSignACanaryThatIsAlreadyStale() {
    assertThatThrownBy(() -> sign(PUBLISHED.minusMonths(3), OptionalLong.empty()))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_VERIFIED))
        .hasMessageContaining("STALE");
  }

  @Test
  void aWrongPassphraseWritesNothing() {
    assertThatThrownBy(
            () ->
                new CanarySigning(Fixtures.clockOn(PUBLISHED), VerificationPolicy.defaults())
                    .sign(key, "wrong".toCharArray(), request(PUBLISHED, OptionalLong.empty()), out))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
    assertThat(out.resolve(SiteDirectory.TEXT)).doesNotExist();
  }

  @Test
  void theSignedTextIsTheDocumentFormat() throws Exception {
    sign(PUBLISHED, OptionalLong.empty());
    assertThat(CanaryText.withDefaultLimits().parse(Files.readAllBytes(out.resolve(SiteDirectory.TEXT))).freshness())
        .containsExactly("block 1234", "Headline of the day");
  }

  private VerificationResult sign(LocalDate published, OptionalLong sequence) throws CanaryException {
    return new CanarySigning(Fixtures.clockOn(PUBLISHED), VerificationPolicy.defaults())
        .sign(key, Fixtures.passphrase(), request(published, sequence), out);
  }

  private static SigningRequest request(LocalDate published, OptionalLong sequence) {
    return new SigningRequest(published, Optional.empty(), sequence, List.of("block 1234", "Headline of the day"));
  }
}

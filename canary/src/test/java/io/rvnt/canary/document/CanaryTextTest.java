package io.rvnt.canary.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CanaryTextTest {
  private final CanaryText format = CanaryText.withDefaultLimits();

  private static final String HEALTHY =
      """
      RVNT warrant canary

      Issuer: RVNT Canary <canary@rvntos.io>
      Published: 2026-11-01
      Sequence: 7
      Next canary due by: 2026-12-05

      As of the publication date, we affirm:
      1. We have not received a National Security Letter
      2. We have not received a FISA court order
      3. We have not received a gag order
      4. We have not been compelled to insert a backdoor
      5. We have not been compelled to modify our code

      If no newer canary is published by the date above, or if any of the
      statements above is missing, assume the relevant event has occurred.

      Proof of freshness (written on the publication date):
      Bitcoin block 920000: 00000000000000000001c1d4e3f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3
      """;

  @Test
  void rendersTheFiveStatementsVerbatimInTheDocumentedLayout() throws Exception {
    assertThat(new String(format.render(Fixtures.healthyCanary(7)), StandardCharsets.UTF_8))
        .as("canary.txt is exactly the documented format (docs/canary.md)")
        .isEqualTo(HEALTHY);
  }

  @Test
  void readsBackWhatItRenders() throws Exception {
    CanaryDocument canary = Fixtures.healthyCanary(7);
    assertThat(format.parse(format.render(canary))).as("render then parse is the identity").isEqualTo(canary);
  }

  @Test
  void rendersAWithdrawnStatementByLeavingItsNumberOut() throws Exception {
    CanaryDocument canary =
        new CanaryDocument(
            Fixtures.USER_ID,
            Fixtures.PUBLISHED,
            7,
            Fixtures.DUE,
            EnumSet.complementOf(EnumSet.of(Statement.GAG_ORDER)),
            List.of("fresh"));

    String text = new String(format.render(canary), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain(Statement.GAG_ORDER.text()).contains("2. We have not received a FISA court order\n4. ");
    assertThat(format.parse(text.getBytes(StandardCharsets.UTF_8)).missingStatements())
        .containsExactly(Statement.GAG_ORDER);
  }

  @ParameterizedTest
  @EnumSource(Statement.class)
  void readsARewordedStatementAsMissing(Statement statement) throws Exception {
    String reworded =
        HEALTHY.replace(
            statement.number() + ". " + statement.text(),
            statement.number() + ". " + statement.text() + " that we can talk about");

    assertThat(format.parse(bytes(reworded)).missingStatements())
        .as("a statement that is not verbatim is not affirmed")
        .containsExactly(statement);
  }

  @Test
  void readsACanaryWithEveryStatementWithdrawn() throws Exception {
    CanaryDocument silent =
        new CanaryDocument(
            Fixtures.USER_ID, Fixtures.PUBLISHED, 7, Fixtures.DUE, EnumSet.noneOf(Statement.class), List.of("fresh"));

    assertThat(format.parse(format.render(silent)).missingStatements())
        .as("an empty affirmation is still a canary, and it names all five")
        .containsExactly(Statement.values());
  }

  @Test
  void rejectsCrlfLineEnds() {
    assertMalformed(HEALTHY.replace("\n", "\r\n"), "CRLF");
  }

  @Test
  void rejectsAMissingFinalLineFeed() {
    assertMalformed(HEALTHY.substring(0, HEALTHY.length() - 1), "does not end with a line feed");
  }

  @Test
  void rejectsTrailingWhitespace() {
    assertMalformed(HEALTHY.replace("Sequence: 7\n", "Sequence: 7 \n"), "line 5 ends with whitespace");
  }

  @Test
  void rejectsAControlCharacter() {
    assertMalformed(HEALTHY.replace("Issuer: RVNT", "Issuer: R\tVNT"), "line 3 contains a control character");
  }

  @Test
  void rejectsAnIssuerStartingWithWhitespaceThatItCouldNotRenderAgain() {
    assertMalformed(HEALTHY.replace("Issuer: RVNT", "Issuer:  RVNT"), "line 3: issuer starts with whitespace");
  }

  @Test
  void rejectsAnIssuerOverTheLineLimit() {
    String issuer = "x".repeat(CanaryText.MAX_LINE_CHARS + 1);
    assertMalformed(HEALTHY.replaceFirst("Issuer: [^\n]*", "Issuer: " + issuer),
        "line 3: issuer is " + (CanaryText.MAX_LINE_CHARS + 1) + " characters, over the limit");
  }

  @Test
  void rejectsAFreshnessLineOverTheLineLimit() {
    String longLine = "y".repeat(CanaryText.MAX_LINE_CHARS + 1);
    String text = HEALTHY + longLine + "\n";
    int line = (int) text.chars().filter(c -> c == '\n').count();
    assertMalformed(text, "line " + line + ": freshness line is " + (CanaryText.MAX_LINE_CHARS + 1)
        + " characters, over the limit");
  }

  @Test
  void rejectsAnotherTitle() {
    assertMalformed(HEALTHY.replace("RVNT warrant canary", "Warrant canary"), "line 1: expected 'RVNT warrant canary'");
  }

  @Test
  void rejectsAnImpossibleDate() {
    assertMalformed(HEALTHY.replace("2026-11-01", "2026-02-30"), "line 4: expected Published: YYYY-MM-DD");
  }

  @Test
  void rejectsADateInAnotherFormat() {
    assertMalformed(HEALTHY.replace("2026-11-01", "1 Nov 2026"), "line 4: expected Published: YYYY-MM-DD");
  }

  @Test
  void rejectsASequenceThatIsNotAPositiveNumber() {
    assertMalformed(HEALTHY.replace("Sequence: 7", "Sequence: 07"), "line 5: expected Sequence: a positive");
    assertMalformed(HEALTHY.replace("Sequence: 7", "Sequence: -7"), "line 5: expected Sequence: a positive");
  }

  @Test
  void rejectsADueDateNotAfterPublication() {
    assertMalformed(HEALTHY.replace("2026-12-05", "2026-11-01"), "is not after the publication date");
  }

  @Test
  void rejectsStatementsOutOfOrder() {
    String swapped =
        HEALTHY.replace("1. We have not received a National Security Letter\n2. We have not received a FISA court order",
            "2. We have not received a FISA court order\n1. We have not received a National Security Letter");
    assertMalformed(swapped, "statements numbered 1 to 5 in order");
  }

  @Test
  void rejectsAnExtraLineInTheStatements() {
    assertMalformed(
        HEALTHY.replace("5. We have not been compelled to modify our code\n",
            "5. We have not been compelled to modify our code\nWe have received a visit\n"),
        "line 14: expected a statement line");
  }

  @Test
  void rejectsAChangedWarning() {
    assertMalformed(HEALTHY.replace("assume the relevant event", "ignore the relevant event"), "line 16: expected");
  }

  @Test
  void rejectsACanaryWithoutFreshness() {
    String withoutFreshness = HEALTHY.substring(0, HEALTHY.indexOf("Bitcoin block"));
    assertMalformed(withoutFreshness, "no freshness line");
  }

  @Test
  void rejectsATruncatedCanary() {
    assertMalformed(HEALTHY.substring(0, HEALTHY.indexOf("As of")), "ends early");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] bytes = bytes(HEALTHY);
    bytes[HEALTHY.indexOf("RVNT Canary")] = (byte) 0xC3;
    assertThatThrownBy(() -> format.parse(bytes)).hasMessageContaining("not UTF-8");
  }

  @Test
  void rejectsACanaryOverTheSizeLimit() {
    CanaryText small = new CanaryText(100);
    assertThatThrownBy(() -> small.parse(bytes(HEALTHY))).hasMessageContaining("over the limit of 100");
    assertThatThrownBy(() -> small.render(Fixtures.healthyCanary(7))).hasMessageContaining("over the limit of 100");
  }

  @Test
  void refusesToRenderFreshnessThatWouldNotReadBack() {
    assertRenderRefused(List.of("two\nlines"), "control character");
    assertRenderRefused(List.of("trailing "), "ends with whitespace");
    assertRenderRefused(List.of(" leading"), "starts with whitespace");
    assertRenderRefused(List.of(""), "is empty");
    assertRenderRefused(List.of(), "freshness is empty");
    assertRenderRefused(List.of("x".repeat(CanaryText.MAX_LINE_CHARS + 1)), "over the limit");
  }

  @Test
  void refusesToRenderADueDateBeforePublication() {
    CanaryDocument backwards =
        CanaryDocument.affirmingAll(Fixtures.USER_ID, LocalDate.of(2026, 11, 1), 1, LocalDate.of(2026, 10, 5),
            List.of("fresh"));
    assertThatThrownBy(() -> format.render(backwards)).hasMessageContaining("is not after the publication date");
  }

  @Test
  void dueDateDefaultsToTheFifthOfTheNextMonth() {
    assertThat(DueDates.defaultDue(LocalDate.of(2026, 11, 1))).isEqualTo(LocalDate.of(2026, 12, 5));
    assertThat(DueDates.defaultDue(LocalDate.of(2026, 12, 1))).as("over the year end").isEqualTo(LocalDate.of(2027, 1, 5));
    assertThat(DueDates.defaultDue(LocalDate.of(2027, 1, 31))).as("late in a long month").isEqualTo(LocalDate.of(2027, 2, 5));
  }

  private void assertRenderRefused(List<String> freshness, String message) {
    CanaryDocument canary =
        CanaryDocument.affirmingAll(Fixtures.USER_ID, Fixtures.PUBLISHED, 1, Fixtures.DUE, freshness);
    assertThatThrownBy(() -> format.render(canary))
        .as("freshness %s", freshness)
        .isInstanceOf(CanaryException.class)
        .hasMessageContaining(message);
  }

  private void assertMalformed(String text, String message) {
    ThrowingCallable parse = () -> format.parse(bytes(text));
    assertThatThrownBy(parse)
        .isInstanceOfSatisfying(
            CanaryException.class, e -> assertThat(e.reason()).isEqualTo(CanaryException.Reason.BAD_INPUT))
        .hasMessageContaining(message);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

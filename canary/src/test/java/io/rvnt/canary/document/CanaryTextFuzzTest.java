package io.rvnt.canary.document;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rvnt.canary.CanaryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code canary.txt} as a verifier downloads it (FUZZING.md): a typed {@link CanaryException} (BAD_INPUT), or a
 * document that reads back from its rendering as itself, and renders to exactly the bytes read except for the
 * statement lines whose words are not the architecture's: such a statement counts as not affirmed
 * ({@link Statement}), so its line is not part of the document.
 */
class CanaryTextFuzzTest {
  private static final CanaryText CODEC = CanaryText.withDefaultLimits();
  private static final Pattern STATEMENT_LINE = Pattern.compile("([1-9])\\. .*");

  @FuzzTest
  void textIsTypedErrorOrRendersToTheSameBytes(byte[] bytes) throws CanaryException {
    CanaryDocument document;
    try {
      document = CODEC.parse(bytes);
    } catch (CanaryException expected) {
      assertThat(expected.reason()).isEqualTo(CanaryException.Reason.BAD_INPUT);
      return;
    }
    byte[] rendered = CODEC.render(document);
    assertThat(CODEC.parse(rendered)).as("the rendering reads back as the same document").isEqualTo(document);
    String withoutUnaffirmed = withoutUnaffirmedStatementLines(new String(bytes, UTF_8), document);
    assertThat(new String(rendered, UTF_8))
        .as("one document has one text: the bytes read, less the lines of statements it does not affirm")
        .isEqualTo(withoutUnaffirmed);
  }

  /**
   * The text less the statement lines, in the statements' section only, of statements the document lacks. The
   * section is the one after the first affirmation line: a freshness line may repeat the affirmation's words, and
   * the lines after it are freshness, kept whatever they say.
   */
  private static String withoutUnaffirmedStatementLines(String text, CanaryDocument document) {
    StringBuilder kept = new StringBuilder();
    Section section = Section.BEFORE_STATEMENTS;
    for (String line : text.split("\n", -1)) {
      if (section == Section.STATEMENTS && line.isEmpty()) {
        section = Section.AFTER_STATEMENTS;
      }
      if (!(section == Section.STATEMENTS && unaffirmedStatementLine(line, document))) {
        kept.append(line).append('\n');
      }
      if (section == Section.BEFORE_STATEMENTS && line.equals(CanaryText.AFFIRMATION)) {
        section = Section.STATEMENTS;
      }
    }
    return kept.substring(0, kept.length() - 1);
  }

  private enum Section {
    BEFORE_STATEMENTS,
    STATEMENTS,
    AFTER_STATEMENTS
  }

  private static boolean unaffirmedStatementLine(String line, CanaryDocument document) {
    Matcher statement = STATEMENT_LINE.matcher(line);
    if (!statement.matches()) {
      return false;
    }
    int number = Integer.parseInt(statement.group(1));
    return number <= Statement.values().length
        && !document.statements().contains(Statement.values()[number - 1]);
  }
}

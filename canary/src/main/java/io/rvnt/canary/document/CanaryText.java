package io.rvnt.canary.document;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.protocol.text.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of {@link CanaryDocument}: the exact bytes of {@code canary.txt}, which people read and
 * {@code gpg --verify} checks. The codec is strict in both directions so that one document has one text: UTF-8,
 * LF line ends, a final LF, no trailing whitespace (a clear-signed copy strips it, RFC 4880 section 7.1, and the two
 * published copies must say the same), no control characters, fixed lines in a fixed order. The format is described
 * in {@code docs/canary.md}.
 */
public final class CanaryText {
  /** A canary is about 1 KiB; 64 KiB leaves the operator room for freshness and bounds what a verifier reads. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /** Longest issuer or freshness line: a user ID or a headline, not an essay. */
  public static final int MAX_LINE_CHARS = 500;

  static final String TITLE = "RVNT warrant canary";
  static final String ISSUER = "Issuer: ";
  static final String PUBLISHED = "Published: ";
  static final String SEQUENCE = "Sequence: ";
  static final String DUE = "Next canary due by: ";
  static final String AFFIRMATION = "As of the publication date, we affirm:";
  static final List<String> WARNING =
      List.of(
          "If no newer canary is published by the date above, or if any of the",
          "statements above is missing, assume the relevant event has occurred.");
  static final String FRESHNESS = "Proof of freshness (written on the publication date):";

  private static final Pattern STATEMENT_LINE = Pattern.compile("([1-9])\\. (.+)");
  private static final Pattern SEQUENCE_NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private final int maxBytes;

  public CanaryText(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public static CanaryText withDefaultLimits() {
    return new CanaryText(DEFAULT_MAX_BYTES);
  }

  /** The bytes of {@code canary.txt}. Rejects an issuer or freshness line that the parser would not read back. */
  public byte[] render(CanaryDocument document) throws CanaryException {
    checkLine("issuer", document.issuer());
    if (document.freshness().isEmpty()) {
      throw new CanaryException(Reason.BAD_INPUT, "freshness is empty: give at least one line");
    }
    for (String line : document.freshness()) {
      checkLine("freshness line", line);
    }
    if (!document.due().isAfter(document.published())) {
      throw new CanaryException(
          Reason.BAD_INPUT,
          "due date " + document.due() + " is not after the publication date " + document.published());
    }
    StringBuilder text = new StringBuilder(1024);
    line(text, TITLE);
    line(text, "");
    line(text, ISSUER + document.issuer());
    line(text, PUBLISHED + document.published());
    line(text, SEQUENCE + document.sequence());
    line(text, DUE + document.due());
    line(text, "");
    line(text, AFFIRMATION);
    for (Statement statement : Statement.values()) {
      if (document.statements().contains(statement)) {
        line(text, statement.number() + ". " + statement.text());
      }
    }
    line(text, "");
    WARNING.forEach(warning -> line(text, warning));
    line(text, "");
    line(text, FRESHNESS);
    document.freshness().forEach(freshness -> line(text, freshness));
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new CanaryException(
          Reason.BAD_INPUT, "canary would be " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
    return bytes;
  }

  /**
   * Reads {@code canary.txt}. A statement line with other words than the architecture's counts as not affirming
   * that statement (the verifier then names it missing); anything else out of place is {@link Reason#BAD_INPUT}
   * with the line number.
   */
  public CanaryDocument parse(byte[] bytes) throws CanaryException {
    if (bytes.length > maxBytes) {
      throw malformed("canary.txt is " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
    String text;
    try {
      text = StrictUtf8.decode(bytes);
    } catch (StrictUtf8.NotUtf8 e) {
      throw malformed("canary.txt is not UTF-8: " + e.getMessage());
    }
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw malformed("canary.txt does not end with a line feed");
    }
    if (text.indexOf('\r') >= 0) {
      throw malformed("canary.txt has carriage returns (CRLF line ends); it must use LF alone");
    }
    String[] rawLines = text.substring(0, text.length() - 1).split("\n", -1);
    for (int i = 0; i < rawLines.length; i++) {
      String problem = lineProblem(rawLines[i]);
      if (problem != null) {
        throw malformed("line " + (i + 1) + " " + problem);
      }
    }
    Lines lines = new Lines(rawLines);
    lines.expect(TITLE);
    lines.expect("");
    String issuer = lines.checkedField("issuer", ISSUER);
    LocalDate published = date(lines, PUBLISHED);
    long sequence = sequence(lines);
    LocalDate due = date(lines, DUE);
    lines.expect("");
    lines.expect(AFFIRMATION);
    EnumSet<Statement> statements = EnumSet.noneOf(Statement.class);
    int lastNumber = 0;
    while (!lines.peek().isEmpty()) {
      Matcher matcher = STATEMENT_LINE.matcher(lines.peek());
      if (!matcher.matches()) {
        throw lines.unexpected("a statement line 'N. text' or an empty line");
      }
      int number = Integer.parseInt(matcher.group(1));
      if (number <= lastNumber || number > Statement.values().length) {
        throw lines.unexpected("statements numbered 1 to 5 in order");
      }
      lastNumber = number;
      Statement expected = Statement.values()[number - 1];
      if (expected.text().equals(matcher.group(2))) {
        statements.add(expected);
      }
      lines.next();
    }
    lines.expect("");
    for (String warning : WARNING) {
      lines.expect(warning);
    }
    lines.expect("");
    lines.expect(FRESHNESS);
    List<String> freshness = new ArrayList<>();
    while (lines.hasMore()) {
      if (lines.peek().isEmpty()) {
        throw lines.unexpected("a freshness line");
      }
      freshness.add(lines.checked("freshness line"));
    }
    if (freshness.isEmpty()) {
      throw malformed("canary.txt has no freshness line");
    }
    if (!due.isAfter(published)) {
      throw malformed("due date " + due + " is not after the publication date " + published);
    }
    return new CanaryDocument(issuer, published, sequence, due, statements, freshness);
  }

  private static void line(StringBuilder text, String line) {
    text.append(line).append('\n');
  }

  private static void checkLine(String what, String line) throws CanaryException {
    if (line.isEmpty() || line.isBlank()) {
      throw new CanaryException(Reason.BAD_INPUT, what + " is empty");
    }
    if (line.length() > MAX_LINE_CHARS) {
      throw new CanaryException(
          Reason.BAD_INPUT, what + " is " + line.length() + " characters, over the limit of " + MAX_LINE_CHARS);
    }
    String problem = lineProblem(line);
    if (problem != null) {
      throw new CanaryException(Reason.BAD_INPUT, what + " " + problem);
    }
  }

  /** Why a line cannot appear in a canary, or null when it can. */
  private static String lineProblem(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (Character.isISOControl(line.charAt(i))) {
        return "contains a control character (a line break or tab) at position " + (i + 1);
      }
    }
    if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
      return "ends with whitespace, which a clear-signed copy would drop";
    }
    if (!line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
      return "starts with whitespace";
    }
    return null;
  }

  private static LocalDate date(Lines lines, String prefix) throws CanaryException {
    String value = lines.field(prefix);
    try {
      if (ISO_DATE.matcher(value).matches()) {
        return LocalDate.parse(value);
      }
    } catch (DateTimeParseException e) {
      // Falls through to the error below: a well-formed but impossible date such as 2026-02-30.
    }
    throw lines.previousUnexpected(prefix + "YYYY-MM-DD");
  }

  private static long sequence(Lines lines) throws CanaryException {
    String value = lines.field(SEQUENCE);
    if (!SEQUENCE_NUMBER.matcher(value).matches()) {
      throw lines.previousUnexpected(SEQUENCE + "a positive whole number");
    }
    return Long.parseLong(value);
  }

  static CanaryException malformed(String message) {
    return new CanaryException(Reason.BAD_INPUT, message);
  }

  /** A cursor over the lines, reporting problems with 1-based line numbers. */
  private static final class Lines {
    private final String[] lines;
    private int index;

    Lines(String[] lines) {
      this.lines = lines;
    }

    boolean hasMore() {
      return index < lines.length;
    }

    String peek() throws CanaryException {
      if (!hasMore()) {
        throw malformed("canary.txt ends early, after line " + lines.length);
      }
      return lines[index];
    }

    String next() throws CanaryException {
      String line = peek();
      index++;
      return line;
    }

    void expect(String expected) throws CanaryException {
      if (!peek().equals(expected)) {
        throw unexpected(expected.isEmpty() ? "an empty line" : "'" + expected + "'");
      }
      next();
    }

    /**
     * The next line, as {@link #render} would accept it (within {@link #MAX_LINE_CHARS}, not blank, no
     * surrounding whitespace), so that every document read renders again.
     */
    String checked(String what) throws CanaryException {
      String line = peek();
      try {
        checkLine(what, line);
      } catch (CanaryException e) {
        throw malformed("line " + (index + 1) + ": " + e.getMessage());
      }
      return next();
    }

    /** The value after {@code prefix} on the next line, checked as {@link #checked} checks a whole line. */
    String checkedField(String what, String prefix) throws CanaryException {
      String value = field(prefix);
      try {
        checkLine(what, value);
      } catch (CanaryException e) {
        index--;
        throw malformed("line " + (index + 1) + ": " + e.getMessage());
      }
      return value;
    }

    String field(String prefix) throws CanaryException {
      String line = peek();
      if (!line.startsWith(prefix) || line.length() == prefix.length()) {
        throw unexpected("'" + prefix + "...'");
      }
      return next().substring(prefix.length());
    }

    CanaryException unexpected(String expected) {
      return malformed("line " + (index + 1) + ": expected " + expected + ", found '" + excerpt(lines[index]) + "'");
    }

    CanaryException previousUnexpected(String expected) {
      index--;
      return unexpected(expected);
    }

    private static String excerpt(String line) {
      return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
  }
}

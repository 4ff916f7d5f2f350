package io.rvnt.canary.document;

import java.util.Optional;

/**
 * The five statements the canary affirms, verbatim from the server architecture ("Warrant Canary"). Their text is
 * compared byte for byte: a reworded statement counts as removed, because a removed statement is how the canary
 * speaks.
 */
public enum Statement {
  NATIONAL_SECURITY_LETTER("We have not received a National Security Letter"),
  FISA_ORDER("We have not received a FISA court order"),
  GAG_ORDER("We have not received a gag order"),
  BACKDOOR("We have not been compelled to insert a backdoor"),
  CODE_MODIFICATION("We have not been compelled to modify our code");

  private final String text;

  Statement(String text) {
    this.text = text;
  }

  /** The exact sentence, without number or full stop. */
  public String text() {
    return text;
  }

  /** Its number in the server architecture's list, 1 to 5. */
  public int number() {
    return ordinal() + 1;
  }

  static Optional<Statement> byText(String text) {
    for (Statement statement : values()) {
      if (statement.text.equals(text)) {
        return Optional.of(statement);
      }
    }
    return Optional.empty();
  }
}

package io.rvnt.protocol.identity;

/**
 * The username rule of spec §3: {@code ^[a-z][a-z0-9_]{2,31}$}. No normalisation: a name that breaks the rule is
 * refused, never rewritten. Usernames therefore never contain {@code /}, {@code :}, {@code %} or NUL and appear
 * verbatim in paths, headers, storage keys and signed bytes.
 */
public final class Usernames {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 32;

  private Usernames() {}

  public static boolean isValid(String s) {
    if (s == null || s.length() < MIN_LENGTH || s.length() > MAX_LENGTH) {
      return false;
    }
    char first = s.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}

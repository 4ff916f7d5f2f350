package io.rvnt.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the js-libp2p test peers (p2p/src/test/js) speak, one object a line: objects, arrays, strings,
 * numbers (read as {@link Double}), booleans, null.
 */
public final class JsonLines {

  private final String text;
  private int pos;

  private JsonLines(String text) {
    this.text = text;
  }

  public static Object parse(String text) {
    JsonLines json = new JsonLines(text);
    Object value = json.value();
    json.skipSpace();
    if (json.pos != text.length()) {
      throw new IllegalArgumentException("trailing characters in JSON at " + json.pos);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    return (Map<String, Object>) parse(text);
  }

  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Writes a flat object: numbers and booleans as they are, everything else as a string. */
  public static String write(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, ?> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(field.getKey())).append(':');
      Object value = field.getValue();
      out.append(value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value)));
    }
    return out.append('}').toString();
  }

  private Object value() {
    skipSpace();
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return objectValue();
      case '[':
        return arrayValue();
      case '"':
        return stringValue();
      case 't':
        expect("true");
        return Boolean.TRUE;
      case 'f':
        expect("false");
        return Boolean.FALSE;
      case 'n':
        expect("null");
        return null;
      default:
        return numberValue();
    }
  }

  private Map<String, Object> objectValue() {
    Map<String, Object> result = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (text.charAt(pos) == '}') {
      pos++;
      return result;
    }
    while (true) {
      skipSpace();
      String key = stringValue();
      skipSpace();
      expect(":");
      result.put(key, value());
      skipSpace();
      char c = text.charAt(pos++);
      if (c == '}') {
        return result;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or } at " + pos);
      }
    }
  }

  private List<Object> arrayValue() {
    List<Object> result = new ArrayList<>();
    pos++;
    skipSpace();
    if (text.charAt(pos) == ']') {
      pos++;
      return result;
    }
    while (true) {
      result.add(value());
      skipSpace();
      char c = text.charAt(pos++);
      if (c == ']') {
        return result;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or ] at " + pos);
      }
    }
  }

  private String stringValue() {
    expect("\"");
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
  }

  private Object numberValue() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String number = text.substring(start, pos);
    if (number.isEmpty()) {
      throw new IllegalArgumentException("unexpected character at " + start);
    }
    return Double.parseDouble(number);
  }

  private void expect(String literal) {
    if (!text.startsWith(literal, pos)) {
      throw new IllegalArgumentException("expected " + literal + " at " + pos);
    }
    pos += literal.length();
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}

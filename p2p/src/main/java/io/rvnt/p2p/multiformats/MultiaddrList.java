package io.rvnt.p2p.multiformats;

import java.util.ArrayList;
import java.util.List;

/**
 * Multiaddrs as an operator writes them for a server: a repeated command-line option, or one setting of a
 * configuration file with the addresses separated by commas. A bad one is one line naming it.
 */
public final class MultiaddrList {

  private MultiaddrList() {}

  /**
   * Every multiaddr of {@code texts}, each of which may itself hold several separated by commas; blank items are
   * skipped.
   *
   * @throws IllegalArgumentException {@code not a multiaddr: TEXT}, with the parser's reason as its cause
   */
  public static List<Multiaddr> parse(List<String> texts) {
    List<Multiaddr> out = new ArrayList<>();
    for (String text : texts) {
      for (String part : text.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          out.add(Multiaddr.parse(part.strip()));
        } catch (MultiformatException e) {
          throw new IllegalArgumentException("not a multiaddr: " + part.strip(), e);
        }
      }
    }
    return out;
  }

  /** {@link #parse(List)} of one comma-separated list. */
  public static List<Multiaddr> parse(String commaSeparated) {
    return parse(List.of(commaSeparated));
  }
}

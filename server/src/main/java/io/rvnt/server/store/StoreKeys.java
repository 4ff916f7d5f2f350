package io.rvnt.server.store;

import java.nio.charset.StandardCharsets;

/** The key schema of spec §10, exactly. Usernames never contain {@code :} (spec §3), so prefixes cannot collide. */
final class StoreKeys {
  static final String BUNDLE = "bundle:";
  /** The first key after every {@code bundle:} key. */
  static final String BUNDLE_END = "bundle;";
  static final String OPK = "opk:";
  static final String POW = "pow:";
  static final String META = "meta:";

  private StoreKeys() {}

  static byte[] bundle(String username) {
    return utf8(BUNDLE + username);
  }

  static byte[] pow(String username) {
    return utf8(POW + username);
  }

  static byte[] meta(String username) {
    return utf8(META + username);
  }

  /** {@code opk:{username}:{id}}, the id in unsigned decimal zero-padded to 10 digits so keys sort by id. */
  static byte[] opk(String username, int id) {
    return utf8(OPK + username + ":" + paddedId(id));
  }

  static byte[] opkPrefix(String username) {
    return utf8(OPK + username + ":");
  }

  /** The first key after every {@code opk:{username}:} key: {@code ;} follows {@code :} in ASCII. */
  static byte[] opkPrefixEnd(String username) {
    return utf8(OPK + username + ";");
  }

  static String paddedId(int id) {
    String decimal = Integer.toUnsignedString(id);
    return "0".repeat(10 - decimal.length()) + decimal;
  }

  /** The id at the end of an {@code opk:} key. */
  static int idOf(byte[] opkKey) {
    String key = new String(opkKey, StandardCharsets.UTF_8);
    return Integer.parseUnsignedInt(key.substring(key.lastIndexOf(':') + 1));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

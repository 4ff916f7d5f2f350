package io.rvnt.server.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The key schema of spec §10, exactly. Usernames never contain {@code :} (spec §3), so prefixes cannot collide. */
final class StoreKeys {
  static final String BUNDLE = "bundle:";
  /** The first key after every {@code bundle:} key. */
  static final String BUNDLE_END = "bundle;";
  static final String OPK = "opk:";
  static final String POW = "pow:";
  static final String META = "meta:";
  /** {@code replay:{digest hex}}: a remembered signed request (spec §5 step 6), its expiry as u64be. */
  static final String REPLAY = "replay:";
  static final String REPLAY_END = "replay;";
  /** {@code replay-expiry:{expiry, 16 hex digits}:{digest hex}}, empty: the same requests in the order they expire. */
  static final String REPLAY_EXPIRY = "replay-expiry:";
  static final String REPLAY_EXPIRY_END = "replay-expiry;";
  /** A cluster member's last applied log entry: term and index, two u64be. */
  static final String APPLIED = "applied";

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

  static byte[] replay(ReplayEntry entry) {
    return utf8(REPLAY + entry.hex());
  }

  static byte[] replayExpiry(ReplayEntry entry) {
    return utf8(REPLAY_EXPIRY + String.format("%016x", entry.expiresAtMs()) + ":" + entry.hex());
  }

  /** The entry of a {@code replay-expiry:} key. */
  static ReplayEntry replayOf(byte[] expiryKey) {
    String key = new String(expiryKey, StandardCharsets.UTF_8);
    int colon = key.lastIndexOf(':');
    long expiry = Long.parseUnsignedLong(key.substring(REPLAY_EXPIRY.length(), colon), 16);
    return new ReplayEntry(HexFormat.of().parseHex(key.substring(colon + 1)), expiry);
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

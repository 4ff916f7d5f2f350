package io.rvnt.protocol.http;

/** The request paths of spec §1 and §7. */
public final class Paths {
  public static final String REGISTER = "/v1/register";
  /** Followed by the username: {@code /v1/bundle/{username}}. */
  public static final String BUNDLE_PREFIX = "/v1/bundle/";
  public static final String PREKEYS = "/v1/prekeys";
  public static final String PREKEY_COUNT = "/v1/prekey-count";
  public static final String IDENTITY = "/v1/identity";
  public static final String PARAMS = "/v1/params";

  private Paths() {}

  public static String bundle(String username) {
    return BUNDLE_PREFIX + username;
  }
}

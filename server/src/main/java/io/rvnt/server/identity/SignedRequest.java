package io.rvnt.server.identity;

/**
 * A request signed by a user's identity key (spec §5), as the edge received it: the method, the path without query,
 * the raw values of the three auth headers and of {@code X-RVNT-PoW} (null when absent), and the body.
 * {@link #toString()} prints none of them.
 */
public record SignedRequest(
    String method, String path, String username, String timestamp, String signature, String pow, byte[] body) {

  @Override
  public String toString() {
    return "SignedRequest[" + method + ", " + body.length + " body bytes]";
  }
}

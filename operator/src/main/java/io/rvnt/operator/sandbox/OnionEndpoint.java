package io.rvnt.operator.sandbox;

/** The sandbox's identity server as an onion service: its address, reached through the private network's client. */
public record OnionEndpoint(String onionAddress, int socksPort) {
  public String url() {
    return "http://" + onionAddress;
  }

  public String socks() {
    return "127.0.0.1:" + socksPort;
  }

  /** The line {@code ./rvnt sandbox --tor} prints once the onion answers. */
  @Override
  public String toString() {
    return "onion " + url() + " via socks5 " + socks();
  }
}

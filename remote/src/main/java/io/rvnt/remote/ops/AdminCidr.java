package io.rvnt.remote.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An admin address range of the firewall's SSH allowlist ({@code --admin-cidr}): an IPv4 or IPv6 network with its
 * prefix length, written as UFW takes it. Checked here before a host is contacted, and again by the host's
 * rvnt-ufw.sh before it touches UFW, so a typo never reaches the firewall.
 */
public record AdminCidr(String text) {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  /** Hex groups and colons only: nothing a resolver would look up, and no embedded IPv4 (rvnt-ufw.sh refuses it). */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  public AdminCidr {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0 || !validAddressAndPrefix(text.substring(0, slash), text.substring(slash + 1))) {
      throw new IllegalArgumentException("--admin-cidr: '" + text + "' is not an IPv4 or IPv6 network such as "
          + "198.51.100.0/24 or 2001:db8::/32");
    }
  }

  public static AdminCidr parse(String text) {
    return new AdminCidr(text);
  }

  private static boolean validAddressAndPrefix(String address, String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      return false;
    }
    int bits = Integer.parseInt(prefix);
    var v4 = IPV4.matcher(address);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return bits <= 32;
    }
    if (!IPV6.matcher(address).matches() || !address.contains(":")) {
      return false;
    }
    try {
      // A literal with ':' is parsed, never looked up.
      return InetAddress.getByName(address).getAddress().length == 16 && bits <= 128;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}

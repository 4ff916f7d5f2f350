package io.rvnt.p2p.dns;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of dnsaddr records (multiaddr spec, protocols/DNSADDR.md): the name {@code _dnsaddr.DOMAIN}, the value
 * {@code dnsaddr=MULTIADDR}, and the zone-file line that publishes one (RFC 1035 section 5.1).
 */
public final class DnsaddrRecords {

  /** A TXT record is a dnsaddr record when its text starts with this. */
  public static final String PREFIX = "dnsaddr=";
  /** The label the domain is prefixed with for the TXT lookup. */
  public static final String LABEL = "_dnsaddr.";
  /** Longest character-string in TXT data: one length byte (RFC 1035 section 3.3). */
  public static final int MAX_TXT_STRING = 255;
  /** Longest DNS name in text form without the trailing dot (RFC 1035 section 2.3.4: 255 octets on the wire). */
  static final int MAX_NAME = 253;
  /** Longest label (RFC 1035 section 2.3.4). */
  static final int MAX_LABEL = 63;

  private DnsaddrRecords() {}

  /**
   * {@code domain} as the resolver compares it: lower case, without a trailing dot. Refuses what cannot be looked
   * up once {@code _dnsaddr.} is prepended: an empty label, a label over 63 characters, a name over 253, and
   * characters outside ASCII (give an internationalized name in its xn-- form).
   */
  public static String normalize(String domain) {
    String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
      throw new DnsaddrException(DnsaddrException.Reason.INVALID_ADDRESS,
          "the dnsaddr domain is not ASCII: give its xn-- form");
    }
    if ((LABEL + name).length() > MAX_NAME) {
      throw new DnsaddrException(DnsaddrException.Reason.INVALID_ADDRESS,
          "the dnsaddr domain is too long: " + LABEL + "DOMAIN has at most " + MAX_NAME + " characters");
    }
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > MAX_LABEL) {
        throw new DnsaddrException(DnsaddrException.Reason.INVALID_ADDRESS,
            "not a DNS name: '" + domain + "' (labels have 1 to " + MAX_LABEL + " characters)");
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** The name whose TXT records list {@code domain}'s addresses: {@code _dnsaddr.DOMAIN}. */
  public static String lookupName(String domain) {
    return LABEL + normalize(domain);
  }

  /** The TXT text that publishes {@code address}: {@code dnsaddr=MULTIADDR}. */
  public static String txt(Multiaddr address) {
    return PREFIX + address;
  }

  /**
   * The zone-file line publishing {@code address} under {@code domain}:
   * {@code _dnsaddr.DOMAIN. TTL IN TXT "dnsaddr=MULTIADDR"}. Text over 255 bytes is split into several strings,
   * which resolvers join again (RFC 7208 section 3.3); quotes, backslashes and bytes outside printable ASCII are
   * escaped (RFC 1035 section 5.1).
   */
  public static String zoneLine(String domain, Multiaddr address, int ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("a TTL is not negative");
    }
    StringBuilder line = new StringBuilder(lookupName(domain)).append(". ").append(ttlSeconds).append(" IN TXT");
    byte[] text = txt(address).getBytes(StandardCharsets.UTF_8);
    for (int start = 0; start < text.length; start += MAX_TXT_STRING) {
      line.append(" \"");
      for (int i = start; i < Math.min(text.length, start + MAX_TXT_STRING); i++) {
        int b = text[i] & 0xFF;
        if (b == '"' || b == '\\') {
          line.append('\\').append((char) b);
        } else if (b < 0x20 || b > 0x7E) {
          line.append(String.format(Locale.ROOT, "\\%03d", b));
        } else {
          line.append((char) b);
        }
      }
      line.append('"');
    }
    return line.toString();
  }
}

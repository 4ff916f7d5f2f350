package io.rvnt.p2p.discovery.mdns;

import java.net.InetAddress;
import java.util.List;

/**
 * One resource record (RFC 1035 §4.1.3) of the types mDNS discovery and DNS-SD use; other types are kept as
 * opaque bytes.
 *
 * @param cacheFlush mDNS's cache-flush bit, the top bit of the class field (RFC 6762 §10.2): set on records only
 *     this responder owns (SRV, TXT, A, AAAA of DNS-SD), never on shared ones (PTR)
 * @param ttlSeconds time to live, 0 to 2^31-1 (RFC 2181 §8)
 */
public record DnsRecord(DnsName name, int type, int dnsClass, boolean cacheFlush, long ttlSeconds, Data data) {

  public static final int TYPE_A = 1;
  public static final int TYPE_PTR = 12;
  public static final int TYPE_TXT = 16;
  public static final int TYPE_AAAA = 28;
  public static final int TYPE_SRV = 33;
  public static final int TYPE_ANY = 255;
  public static final int CLASS_IN = 1;
  public static final int CLASS_ANY = 255;

  public DnsRecord {
    if (ttlSeconds < 0 || ttlSeconds > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("TTL out of range: " + ttlSeconds);
    }
  }

  /** An IN record of the type {@code data} implies. */
  public static DnsRecord of(DnsName name, boolean cacheFlush, long ttlSeconds, Data data) {
    int type;
    if (data instanceof Ptr) {
      type = TYPE_PTR;
    } else if (data instanceof Txt) {
      type = TYPE_TXT;
    } else if (data instanceof Srv) {
      type = TYPE_SRV;
    } else if (data instanceof Address a) {
      type = a.address().getAddress().length == 4 ? TYPE_A : TYPE_AAAA;
    } else {
      throw new IllegalArgumentException("an opaque record needs its type");
    }
    return new DnsRecord(name, type, CLASS_IN, cacheFlush, ttlSeconds, data);
  }

  /** The typed content of a record. */
  public sealed interface Data permits Ptr, Txt, Srv, Address, Opaque {}

  /** PTR (RFC 1035 §3.3.12): names a service instance in DNS-SD. */
  public record Ptr(DnsName target) implements Data {}

  /** TXT (RFC 1035 §3.3.14): character strings of at most 255 bytes each. */
  public record Txt(List<byte[]> strings) implements Data {
    public Txt {
      strings = List.copyOf(strings);
      for (byte[] s : strings) {
        if (s.length > 255) {
          throw new IllegalArgumentException("a TXT string has at most 255 bytes, not " + s.length);
        }
      }
    }
  }

  /** SRV (RFC 2782). */
  public record Srv(int priority, int weight, int port, DnsName target) implements Data {}

  /** A (RFC 1035 §3.4.1) or AAAA (RFC 3596). */
  public record Address(InetAddress address) implements Data {}

  /** Any other type, kept as its bytes (names inside it are not expanded). */
  public record Opaque(byte[] bytes) implements Data {}
}

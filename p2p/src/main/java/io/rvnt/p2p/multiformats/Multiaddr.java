package io.rvnt.p2p.multiformats;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr (multiaddr spec): a sequence of (protocol, value) components with a binary form
 * ({@code <varint code><value>...}) and a text form ({@code /ip4/127.0.0.1/tcp/4001/p2p/12D3...}).
 * Immutable; parsing never resolves names.
 */
public final class Multiaddr {

  /**
   * Longest binary multiaddr accepted by {@link #decode(byte[])} by default. The spec sets no limit; real
   * addresses are well under 300 bytes (a dns name of 253 characters plus a port and a PeerId).
   */
  public static final int DEFAULT_MAX_BYTES = 1024;

  /**
   * Text characters per encoded byte, at most: "/ip4/255.255.255.255" is 20 characters for 5 bytes, "/quic-v1" 8
   * for 2, and no protocol of {@link MultiaddrProtocol} spells more per byte. Text up to this many characters per
   * byte of {@link #DEFAULT_MAX_BYTES} is read, so that every address {@link #decode(byte[])} takes also parses from
   * its text; longer text is refused before it is split.
   */
  static final int MAX_TEXT_PER_BYTE = 4;

  /** Longest DNS name (RFC 1035, 253 characters in text form plus slack for a trailing dot). */
  static final int MAX_DNS_NAME = 255;

  /** One component. The value is the binary form, without the length prefix of variable-size values. */
  public record Component(MultiaddrProtocol protocol, byte[] value) {
    public Component {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    /** The value in text form (empty for protocols without a value). */
    public String valueText() {
      return switch (protocol) {
        case IP4, IP6 -> ipText(value);
        case TCP, UDP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
        case DNS, DNS4, DNS6, DNSADDR -> new String(value, StandardCharsets.UTF_8);
        case P2P -> Base58.encode(value);
        case QUIC_V1 -> "";
      };
    }
  }

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  public static Multiaddr of(List<Component> components) {
    return new Multiaddr(components);
  }

  /** Parses the text form. */
  public static Multiaddr parse(String text) {
    if (text.isEmpty() || text.charAt(0) != '/') {
      throw new MultiformatException(MultiformatException.Reason.BAD_TEXT, "a multiaddr starts with '/'");
    }
    if (text.length() > DEFAULT_MAX_BYTES * MAX_TEXT_PER_BYTE) {
      throw new MultiformatException(MultiformatException.Reason.TOO_LONG,
          "multiaddr text longer than " + DEFAULT_MAX_BYTES * MAX_TEXT_PER_BYTE + " characters");
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> components = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      if (parts[i].isEmpty() && i == parts.length - 1 && i > 0) {
        break; // one trailing slash is tolerated, as other implementations do
      }
      MultiaddrProtocol protocol = MultiaddrProtocol.byName(parts[i++]);
      if (protocol.size() == 0) {
        components.add(new Component(protocol, new byte[0]));
        continue;
      }
      if (i >= parts.length || parts[i].isEmpty()) {
        throw new MultiformatException(
            MultiformatException.Reason.BAD_TEXT, protocol.protocolName() + " needs a value");
      }
      components.add(new Component(protocol, valueFromText(protocol, parts[i++])));
    }
    if (components.isEmpty()) {
      throw new MultiformatException(MultiformatException.Reason.BAD_TEXT, "empty multiaddr");
    }
    Multiaddr address = new Multiaddr(components);
    // The binary limit, whichever form an address arrives in: text that decode would refuse once encoded (a DNS
    // name in multi-byte UTF-8, say) is refused here too.
    int encoded = address.bytes().length;
    if (encoded > DEFAULT_MAX_BYTES) {
      throw new MultiformatException(MultiformatException.Reason.TOO_LONG,
          "multiaddr longer than " + DEFAULT_MAX_BYTES + " bytes once encoded (" + encoded + ")");
    }
    return address;
  }

  public static Multiaddr decode(byte[] bytes) {
    return decode(bytes, DEFAULT_MAX_BYTES);
  }

  /** Decodes the binary form, rejecting inputs longer than {@code maxBytes}. */
  public static Multiaddr decode(byte[] bytes, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw new MultiformatException(MultiformatException.Reason.TOO_LONG, "multiaddr longer than " + maxBytes);
    }
    if (bytes.length == 0) {
      throw new MultiformatException(MultiformatException.Reason.TRUNCATED, "empty multiaddr");
    }
    List<Component> components = new ArrayList<>();
    int offset = 0;
    while (offset < bytes.length) {
      long[] code = UnsignedVarint.decode(bytes, offset);
      offset += (int) code[1];
      MultiaddrProtocol protocol = MultiaddrProtocol.byCode(code[0]);
      int size = protocol.size();
      if (size == MultiaddrProtocol.VARIABLE) {
        long[] length = UnsignedVarint.decode(bytes, offset);
        offset += (int) length[1];
        if (length[0] > bytes.length - offset) {
          throw new MultiformatException(MultiformatException.Reason.TRUNCATED, protocol.protocolName() + " value");
        }
        size = (int) length[0];
      } else if (size > bytes.length - offset) {
        throw new MultiformatException(MultiformatException.Reason.TRUNCATED, protocol.protocolName() + " value");
      }
      byte[] value = Arrays.copyOfRange(bytes, offset, offset + size);
      offset += size;
      validateValue(protocol, value);
      components.add(new Component(protocol, value));
    }
    return new Multiaddr(components);
  }

  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      UnsignedVarint.write(c.protocol().code(), out);
      if (c.protocol().size() == MultiaddrProtocol.VARIABLE) {
        UnsignedVarint.write(c.value.length, out);
      }
      out.writeBytes(c.value);
    }
    return out.toByteArray();
  }

  public List<Component> components() {
    return components;
  }

  public boolean has(MultiaddrProtocol protocol) {
    return components.stream().anyMatch(c -> c.protocol() == protocol);
  }

  /** The value of the first component of {@code protocol}, in text form. */
  public Optional<String> valueText(MultiaddrProtocol protocol) {
    return components.stream().filter(c -> c.protocol() == protocol).findFirst().map(Component::valueText);
  }

  /** The multihash of the trailing {@code /p2p/...} component, if any. */
  public Optional<Multihash> peerIdMultihash() {
    return components.stream()
        .filter(c -> c.protocol() == MultiaddrProtocol.P2P)
        .reduce((a, b) -> b)
        .map(c -> Multihash.decode(c.value));
  }

  /** This address without its {@code /p2p} components. */
  public Multiaddr withoutPeerId() {
    return new Multiaddr(components.stream().filter(c -> c.protocol() != MultiaddrProtocol.P2P).toList());
  }

  public Multiaddr withPeerId(Multihash peerId) {
    List<Component> list = new ArrayList<>(withoutPeerId().components);
    list.add(new Component(MultiaddrProtocol.P2P, peerId.bytes()));
    return new Multiaddr(list);
  }

  /** This address followed by {@code other}'s components. */
  public Multiaddr concat(Multiaddr other) {
    List<Component> list = new ArrayList<>(components);
    list.addAll(other.components);
    return new Multiaddr(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && m.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.protocol().protocolName());
      if (c.protocol().size() != 0) {
        sb.append('/').append(c.valueText());
      }
    }
    return sb.toString();
  }

  private static byte[] valueFromText(MultiaddrProtocol protocol, String text) {
    byte[] value =
        switch (protocol) {
          case IP4 -> {
            if (!NetUtil.isValidIpV4Address(text)) {
              throw new MultiformatException(MultiformatException.Reason.BAD_VALUE, "not an IPv4 address");
            }
            yield NetUtil.createByteArrayFromIpAddressString(text);
          }
          case IP6 -> {
            byte[] bytes = NetUtil.isValidIpV6Address(text) ? NetUtil.createByteArrayFromIpAddressString(text) : null;
            if (bytes == null || bytes.length != 16 || text.indexOf('%') >= 0) {
              throw new MultiformatException(MultiformatException.Reason.BAD_VALUE, "not an IPv6 address");
            }
            yield bytes;
          }
          case TCP, UDP -> {
            int port = parsePort(text);
            yield new byte[] {(byte) (port >>> 8), (byte) port};
          }
          case DNS, DNS4, DNS6, DNSADDR -> text.getBytes(StandardCharsets.UTF_8);
          case P2P -> text.startsWith("Qm") || text.startsWith("1")
              ? Multihash.decode(Base58.decode(text)).bytes()
              : Cid.parse(text).multihash().bytes();
          case QUIC_V1 -> throw new AssertionError("quic-v1 has no value");
        };
    validateValue(protocol, value);
    return value;
  }

  private static void validateValue(MultiaddrProtocol protocol, byte[] value) {
    switch (protocol) {
      case DNS, DNS4, DNS6, DNSADDR -> {
        String name = new String(value, StandardCharsets.UTF_8);
        if (value.length == 0 || value.length > MAX_DNS_NAME || name.indexOf('/') >= 0
            || !Arrays.equals(name.getBytes(StandardCharsets.UTF_8), value)) {
          throw new MultiformatException(MultiformatException.Reason.BAD_VALUE, "not a DNS name");
        }
      }
      case P2P -> Multihash.decode(value);
      default -> {
        // fixed-size values: the length was checked by the caller, every bit pattern is valid
      }
    }
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new MultiformatException(MultiformatException.Reason.BAD_VALUE, "not a port number");
    }
    int port = Integer.parseInt(text);
    if (port > 65535) {
      throw new MultiformatException(MultiformatException.Reason.BAD_VALUE, "port above 65535");
    }
    return port;
  }

  private static String ipText(byte[] value) {
    // Straight from the bytes: InetAddress would turn an IPv4-mapped ip6 value into an ip4 text.
    return NetUtil.bytesToIpAddress(value);
  }
}

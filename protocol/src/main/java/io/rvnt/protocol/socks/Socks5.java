package io.rvnt.protocol.socks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The client side of a SOCKS 5 CONNECT (RFC 1928) with username and password authentication (RFC 1929), to a host
 * name the proxy resolves: an onion address never reaches a local resolver. With Tor's {@code IsolateSOCKSAuth}
 * (on by default) the username and password are the isolation key: streams that share them share a circuit, and a
 * new key gets a new circuit.
 */
public final class Socks5 {
  /** RFC 1929 §2: username and password are each 1 to 255 bytes. */
  public static final int MAX_CREDENTIAL_BYTES = 255;
  /** RFC 1928 §5: a domain name is 1 to 255 bytes. */
  public static final int MAX_HOST_BYTES = 255;
  private static final int VERSION = 5;
  private static final int METHOD_USERNAME_PASSWORD = 2;
  private static final int AUTH_VERSION = 1;
  private static final int CMD_CONNECT = 1;
  private static final int ATYP_IPV4 = 1;
  private static final int ATYP_DOMAIN = 3;
  private static final int ATYP_IPV6 = 4;

  private final InetSocketAddress proxy;
  private final byte[] username;
  private final byte[] password;

  /** A proxy at {@code proxy} with {@code isolationKey} as both username and password. */
  public Socks5(InetSocketAddress proxy, String isolationKey) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.username = credential(isolationKey);
    this.password = username.clone();
  }

  /**
   * A connected socket to {@code host:port} through the proxy, ready for the application's bytes.
   *
   * @throws SocksException when the proxy refuses (its reply code says why)
   */
  public Socket connect(String host, int port, Duration timeout) throws IOException {
    byte[] name = host.getBytes(StandardCharsets.US_ASCII);
    if (name.length < 1 || name.length > MAX_HOST_BYTES) {
      throw new IllegalArgumentException("a SOCKS host name is 1 to " + MAX_HOST_BYTES + " bytes");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1 to 65535");
    }
    Socket socket = new Socket();
    try {
      int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      // The proxy's own name (localhost, say) may be resolved here; the destination never is.
      socket.connect(proxy.isUnresolved() ? new InetSocketAddress(proxy.getHostString(), proxy.getPort()) : proxy,
          millis);
      // The handshake must finish within the timeout too; an onion CONNECT builds circuits, so it can take seconds.
      socket.setSoTimeout(millis);
      try {
        handshake(socket.getInputStream(), socket.getOutputStream(), name, port);
      } catch (java.io.EOFException e) {
        throw new SocksException(SocksException.NO_REPLY, "the SOCKS proxy closed the connection during the handshake");
      }
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private void handshake(InputStream rawIn, OutputStream out, byte[] host, int port) throws IOException {
    DataInputStream in = new DataInputStream(rawIn);
    out.write(new byte[] {VERSION, 1, METHOD_USERNAME_PASSWORD});
    out.flush();
    if (in.readUnsignedByte() != VERSION || in.readUnsignedByte() != METHOD_USERNAME_PASSWORD) {
      throw new SocksException(SocksException.NO_REPLY, "the SOCKS proxy does not accept username and password");
    }
    byte[] auth = new byte[3 + username.length + password.length];
    auth[0] = AUTH_VERSION;
    auth[1] = (byte) username.length;
    System.arraycopy(username, 0, auth, 2, username.length);
    auth[2 + username.length] = (byte) password.length;
    System.arraycopy(password, 0, auth, 3 + username.length, password.length);
    out.write(auth);
    out.flush();
    if (in.readUnsignedByte() != AUTH_VERSION || in.readUnsignedByte() != 0) {
      throw new SocksException(SocksException.NO_REPLY, "the SOCKS proxy refused the username and password");
    }
    byte[] request = new byte[7 + host.length];
    request[0] = VERSION;
    request[1] = CMD_CONNECT;
    request[3] = ATYP_DOMAIN;
    request[4] = (byte) host.length;
    System.arraycopy(host, 0, request, 5, host.length);
    request[5 + host.length] = (byte) (port >>> 8);
    request[6 + host.length] = (byte) port;
    out.write(request);
    out.flush();
    if (in.readUnsignedByte() != VERSION) {
      throw new SocksException(SocksException.NO_REPLY, "the proxy does not speak SOCKS 5");
    }
    int reply = in.readUnsignedByte();
    in.readUnsignedByte();
    skipBoundAddress(in);
    if (reply != 0) {
      throw new SocksException(reply, "the SOCKS proxy refused the connection: " + describe(reply));
    }
  }

  /** The reply's BND.ADDR and BND.PORT, read so that the application's bytes start right after. */
  private static void skipBoundAddress(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte();
    int length = switch (type) {
      case ATYP_IPV4 -> 4;
      case ATYP_IPV6 -> 16;
      case ATYP_DOMAIN -> in.readUnsignedByte();
      default -> throw new SocksException(SocksException.NO_REPLY, "the SOCKS reply has an unknown address type");
    };
    in.readFully(new byte[length + 2]);
  }

  /** RFC 1928 §6 and Tor's extended errors (tor's socks-extensions.txt §3). */
  static String describe(int reply) {
    return switch (reply) {
      case 0x01 -> "general failure (for an onion service: it could not reach its local target)";
      case 0x02 -> "not allowed by the proxy's rules";
      case 0x03 -> "network unreachable";
      case 0x04 -> "host unreachable";
      case 0x05 -> "connection refused";
      case 0x06 -> "TTL expired";
      case 0x07 -> "command not supported";
      case 0x08 -> "address type not supported";
      case 0xF0 -> "onion service descriptor not found";
      case 0xF1 -> "onion service descriptor is invalid";
      case 0xF2 -> "onion service introduction failed";
      case 0xF3 -> "onion service rendezvous failed";
      case 0xF4 -> "onion service needs client authorization";
      case 0xF5 -> "onion service client authorization is wrong";
      case 0xF6 -> "the onion address is invalid";
      case 0xF7 -> "onion service introduction timed out";
      default -> "reply code " + reply;
    };
  }

  private static byte[] credential(String isolationKey) {
    byte[] bytes = isolationKey.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < 1 || bytes.length > MAX_CREDENTIAL_BYTES) {
      throw new IllegalArgumentException("a SOCKS isolation key is 1 to " + MAX_CREDENTIAL_BYTES + " bytes");
    }
    return bytes;
  }

  /** The proxy's address; never the isolation key, which would link circuits if it reached a log. */
  @Override
  public String toString() {
    return "socks5 " + proxy.getHostString() + ":" + proxy.getPort();
  }
}

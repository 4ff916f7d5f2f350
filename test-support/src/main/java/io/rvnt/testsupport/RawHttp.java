package io.rvnt.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 connection for tests that must send what a normal client will not: PROXY protocol headers, malformed
 * or oversized requests, bytes trickled slowly. Every read is bounded by the connection's timeout, so a test that
 * waits for a response or a close cannot hang.
 */
public final class RawHttp implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to a loopback address; {@code timeout} bounds the connect and every read. */
  public static RawHttp connect(InetSocketAddress address, Duration timeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, (int) timeout.toMillis());
    socket.setSoTimeout((int) timeout.toMillis());
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  /** The client side's port, for tests that check it never reaches a log. */
  public int localPort() {
    return socket.getLocalPort();
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  public RawHttp send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  /** Sends a request and reads its response. */
  public Response exchange(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    send(request(method, target, headers, body));
    return readResponse();
  }

  /** Reads one response: status line, headers, and a body of Content-Length bytes. */
  public Response readResponse() throws IOException {
    String statusLine = readLine();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed inside a body");
    }
    return new Response(status, headers, body);
  }

  /**
   * True when the server closed the connection (end of stream or reset) before the read timeout; bytes that arrive
   * first are skipped. False when the timeout passed with the connection still open.
   */
  public boolean closedByServer() throws IOException {
    try {
      byte[] buffer = new byte[4096];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  /**
   * What the server sent before it closed the connection (end of stream or reset), as ASCII: the refusal it answered
   * with, or nothing. For tests that check why a connection ended, not only that it did. Fails when the read timeout
   * passes with the connection still open.
   */
  public String answerBeforeClose() throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; it sent: "
          + received.toString(StandardCharsets.US_ASCII), e);
    } catch (SocketException e) {
      // Reset: closed too.
    }
    return received.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  /** The bytes of an HTTP/1.1 request; sets Host and, for a body, Content-Length. */
  public static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body.length > 0 && !headers.containsKey("Content-Length")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(headBytes.length + body.length).put(headBytes).put(body).array();
  }

  /** A PROXY v1 header from Tor's circuit address {@code fc00:dead:beef:4dad::/96 + circuitId}. */
  public static byte[] proxyV1Tor(int circuitId) {
    return proxyV1(torAddress(circuitId), "::1", 4242, 8080);
  }

  public static byte[] proxyV1(String sourceIp6, String destinationIp6, int sourcePort, int destinationPort) {
    return ("PROXY TCP6 " + sourceIp6 + " " + destinationIp6 + " " + sourcePort + " " + destinationPort + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A PROXY v2 header (PROXY command, TCP over IPv6) from Tor's circuit address for {@code circuitId}. */
  public static byte[] proxyV2Tor(int circuitId) {
    return proxyV2Tor(circuitId, 4242, 8080);
  }

  /** As {@link #proxyV2Tor(int)}, with the given ports (0 to 65535). */
  public static byte[] proxyV2Tor(int circuitId, int sourcePort, int destinationPort) {
    byte[] source = new byte[16];
    byte[] prefix = {(byte) 0xfc, 0x00, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x4d, (byte) 0xad};
    System.arraycopy(prefix, 0, source, 0, prefix.length);
    ByteBuffer.wrap(source, 12, 4).putInt(circuitId);
    byte[] destination = new byte[16];
    destination[15] = 1;
    return ByteBuffer.allocate(16 + 36)
        .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
        .put((byte) 0x21) // version 2, PROXY
        .put((byte) 0x21) // AF_INET6, STREAM
        .putShort((short) 36)
        .put(source)
        .put(destination)
        .putShort((short) sourcePort)
        .putShort((short) destinationPort)
        .array();
  }

  /** {@code fc00:dead:beef:4dad::XXXX:YYYY} for a circuit id. */
  public static String torAddress(int circuitId) {
    return String.format("fc00:dead:beef:4dad::%x:%x", circuitId >>> 16, circuitId & 0xffff);
  }

  /** A response: status, headers with lower-case names, body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}

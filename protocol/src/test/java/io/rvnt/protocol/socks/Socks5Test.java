package io.rvnt.protocol.socks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SOCKS 5 client against a scripted proxy on loopback that records what the client sent. */
class Socks5Test {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A one-connection proxy: reads the client's handshake, answers with {@code reply}, then echoes one line. */
  private static CompletableFuture<byte[]> proxy(ServerSocket server, int reply) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = server.accept()) {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] greeting = new byte[3];
        in.readFully(greeting);
        seen.write(greeting);
        out.write(new byte[] {5, 2});
        int authVersion = in.readUnsignedByte();
        int userLength = in.readUnsignedByte();
        byte[] user = in.readNBytes(userLength);
        int passLength = in.readUnsignedByte();
        byte[] pass = in.readNBytes(passLength);
        seen.write(authVersion);
        seen.write(userLength);
        seen.write(user);
        seen.write(passLength);
        seen.write(pass);
        out.write(new byte[] {1, 0});
        byte[] head = new byte[5];
        in.readFully(head);
        seen.write(head);
        byte[] rest = in.readNBytes((head[4] & 0xff) + 2);
        seen.write(rest);
        out.write(new byte[] {5, (byte) reply, 0, 1, 127, 0, 0, 1, 0, 80});
        out.flush();
        if (reply == 0) {
          in.transferTo(out);
        }
        return seen.toByteArray();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void connectsByHostNameWithTheIsolationKeyAsUsernameAndPassword() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> seen = proxy(server, 0);
      Socks5 socks = new Socks5(new InetSocketAddress("127.0.0.1", server.getLocalPort()), "key");
      try (Socket socket = socks.connect("abc.onion", 80, TIMEOUT)) {
        socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
            .as("after the handshake the socket carries the application's bytes").isEqualTo("hi\n");
      }
      byte[] expected = {5, 1, 2, 1, 3, 'k', 'e', 'y', 3, 'k', 'e', 'y',
          5, 1, 0, 3, 9, 'a', 'b', 'c', '.', 'o', 'n', 'i', 'o', 'n', 0, 80};
      assertThat(seen.get(30, TimeUnit.SECONDS)).as("RFC 1928/1929 bytes; the name is resolved by the proxy")
          .isEqualTo(expected);
    }
  }

  @Test
  void aRefusedConnectCarriesTorsReplyCodeAndWhetherToRetry() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      proxy(server, 0xF0);
      Socks5 socks = new Socks5(new InetSocketAddress("127.0.0.1", server.getLocalPort()), "key");
      assertThatThrownBy(() -> socks.connect("abc.onion", 80, TIMEOUT))
          .as("descriptor not found yet: retry later")
          .isInstanceOfSatisfying(SocksException.class, e -> {
            assertThat(e.reply()).isEqualTo(0xF0);
            assertThat(e.retryable()).isTrue();
          })
          .hasMessage("the SOCKS proxy refused the connection: onion service descriptor not found");
    }
  }

  @Test
  void refusesIsolationKeysAndHostNamesOutsideTheRfcLimits() {
    InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", 9);
    assertThatThrownBy(() -> new Socks5(proxy, "")).as("RFC 1929: 1 to 255 bytes")
        .hasMessage("a SOCKS isolation key is 1 to 255 bytes");
    assertThatThrownBy(() -> new Socks5(proxy, "k".repeat(256))).hasMessage("a SOCKS isolation key is 1 to 255 bytes");
    assertThatThrownBy(() -> new Socks5(proxy, "k").connect("h".repeat(256), 80, TIMEOUT))
        .as("RFC 1928: a domain name is 1 to 255 bytes").hasMessage("a SOCKS host name is 1 to 255 bytes");
  }

  @Test
  void neverPrintsTheIsolationKey() {
    assertThat(new Socks5(new InetSocketAddress("127.0.0.1", 9050), "secret-key").toString())
        .as("the key links circuits; only the proxy's address may be shown").isEqualTo("socks5 127.0.0.1:9050");
  }
}

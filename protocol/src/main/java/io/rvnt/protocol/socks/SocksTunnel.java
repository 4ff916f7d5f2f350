package io.rvnt.protocol.socks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A listener on a free loopback port whose every connection is carried through a SOCKS 5 proxy to one fixed
 * destination. It lets a client that has no SOCKS support ({@link java.net.http.HttpClient} has none) reach an
 * onion service: the client connects to {@link #port()}, the tunnel connects through Tor. The client's {@code Host}
 * header then names the loopback port, which tells the server nothing about anyone.
 *
 * <p>Only this process should use it: it accepts connections from 127.0.0.1 alone, but any local process could
 * connect while it is open. Thread-safe; each connection is two daemon threads copying bytes.
 */
public final class SocksTunnel implements AutoCloseable {
  private final Socks5 socks;
  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  /** Why the latest CONNECT through the proxy failed, until {@link #takeFailure()} reads it. */
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  private SocksTunnel(Socks5 socks, String host, int port, Duration connectTimeout) throws IOException {
    this.socks = socks;
    this.host = host;
    this.port = port;
    this.connectTimeout = connectTimeout;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Opens the tunnel to {@code host:port} through {@code socks}; one SOCKS CONNECT may take {@code connectTimeout}. */
  public static SocksTunnel open(Socks5 socks, String host, int port, Duration connectTimeout) throws IOException {
    SocksTunnel tunnel = new SocksTunnel(socks, host, port, connectTimeout);
    Thread acceptor = new Thread(tunnel::acceptLoop, "socks-tunnel-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return tunnel;
  }

  /** The loopback port to connect to instead of the destination. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Why the latest connection through the proxy failed, once: the client behind the tunnel only sees its loopback
   * connection close, and this says why (no proxy listening, or the proxy's reply code).
   */
  public Optional<IOException> takeFailure() {
    return Optional.ofNullable(failure.getAndSet(null));
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket local;
      try {
        local = listener.accept();
      } catch (IOException closed) {
        return;
      }
      open.add(local);
      Thread connector = new Thread(() -> carry(local), "socks-tunnel-connect");
      connector.setDaemon(true);
      connector.start();
    }
  }

  /** Connects through the proxy; on refusal the local connection is closed, which the client sees as a failure. */
  private void carry(Socket local) {
    Socket remote;
    try {
      remote = socks.connect(host, port, connectTimeout);
    } catch (IOException e) {
      failure.set(e);
      close(local);
      return;
    } catch (RuntimeException e) {
      failure.set(new IOException("cannot connect through the SOCKS proxy: " + e.getMessage(), e));
      close(local);
      return;
    }
    open.add(remote);
    pipe(local, remote, "socks-tunnel-up");
    pipe(remote, local, "socks-tunnel-down");
  }

  private void pipe(Socket from, Socket to, String name) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ended) {
        // Either side closed; closing both below ends the other direction too.
      } finally {
        close(from);
        close(to);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void close(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is asked of it.
    }
  }

  /** Stops accepting and closes every connection it carries. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing is all that is asked of it.
    }
    open.forEach(this::close);
  }

  /** For error messages: where the tunnel leads, never who uses it. */
  @Override
  public String toString() {
    return "tunnel to " + host + ":" + port + " via " + socks;
  }
}

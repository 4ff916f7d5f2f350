package io.rvnt.remote.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * A local loopback port forwarded over SSH ({@code direct-tcpip}, what {@code ssh -L} does) to a port on the host's
 * loopback. Unlike sshj's LocalPortForwarder, a connection the host refuses (the service is still starting) closes
 * only that local connection and the tunnel keeps accepting, which a health check polling a starting service needs.
 * Each connection uses two daemon threads; the tunnel is for a handful of admin requests, not for traffic.
 */
public final class Tunnel implements AutoCloseable {
  private final ServerSocket socket;
  private final SSHClient client;
  private final int remotePort;

  private Tunnel(ServerSocket socket, SSHClient client, int remotePort) {
    this.socket = socket;
    this.client = client;
    this.remotePort = remotePort;
  }

  static Tunnel open(SSHClient client, int remotePort, String name) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    Tunnel tunnel = new Tunnel(socket, client, remotePort);
    Thread acceptor = new Thread(tunnel::acceptLoop, "rvnt-tunnel-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    return tunnel;
  }

  /** The local port: {@code http://127.0.0.1:PORT/} reaches the host's listener. */
  public int localPort() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      Socket local;
      try {
        local = socket.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        DirectConnection remote = client.newDirectConnection("127.0.0.1", remotePort);
        pump(local.getInputStream(), remote.getOutputStream(), local, remote);
        pump(remote.getInputStream(), local.getOutputStream(), local, remote);
      } catch (IOException e) {
        // The host refused (nothing listening yet): end this connection only.
        closeQuietly(local, null);
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Socket local, DirectConnection remote) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // Either side went away; close both below.
      } finally {
        closeQuietly(local, remote);
      }
    }, "rvnt-tunnel-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket local, DirectConnection remote) {
    try {
      local.close();
    } catch (IOException ignored) {
      // Already closed.
    }
    if (remote != null) {
      try {
        remote.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }
}

package io.rvnt.remote.ssh;

import java.io.IOException;
import java.net.ServerSocket;
import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;

/** A local loopback port forwarded over SSH to a port on the host's loopback. */
public final class Tunnel implements AutoCloseable {
  private final ServerSocket socket;
  private final LocalPortForwarder forwarder;

  Tunnel(ServerSocket socket, LocalPortForwarder forwarder) {
    this.socket = socket;
    this.forwarder = forwarder;
  }

  /** The local port: {@code http://127.0.0.1:PORT/} reaches the host's listener. */
  public int localPort() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    try {
      forwarder.close();
    } catch (IOException ignored) {
      // The socket is closed below either way.
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }
}

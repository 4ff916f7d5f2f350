package io.rvnt.operator.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback TCP ports, chosen by the kernel and fixed before the instances start, so that a restarted instance
 * comes back on the same addresses. Never hands out the same port twice in one sandbox.
 */
final class FreePorts {
  private final Set<Integer> given = new HashSet<>();

  int next() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (given.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
    throw new IOException("no free loopback port found in 100 attempts");
  }

  /** Keeps {@code port}, chosen by an earlier run, from being handed out again; returns it. */
  int reserve(int port) {
    given.add(port);
    return port;
  }
}

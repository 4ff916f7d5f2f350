package io.rvnt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * TCP ports on the loopback interface for test processes: a free one to give a process that cannot be told to take
 * port 0, and the wait until a started process accepts connections on its port.
 */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A port nothing listens on right now, chosen by the kernel. Another process may take it before the test does;
   * prefer port 0 wherever the process under test reports the port it bound.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * Waits until 127.0.0.1:{@code port} accepts a connection while {@code process} runs. False if the process exited
   * first or {@code deadline} passed: the caller says which, with the process's own output.
   */
  public static boolean awaitAccepting(int port, Process process, Duration deadline) {
    return Await.holdsWithin(deadline, () -> !process.isAlive() || accepts(port)) && process.isAlive();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }
}

package io.rvnt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports on the loopback interface for test processes: a free one to give a process that cannot be told to take
 * port 0, and the wait until a started process accepts connections on its port.
 */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /** The lowest port {@link #free} hands out: above the well-known and most registered services' ports. */
  static final int LOWEST = 10_000;
  /** Tries before {@link #free} falls back to a port the kernel chooses. */
  private static final int ATTEMPTS = 200;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /**
   * A port nothing listens on right now, below the kernel's ephemeral range. A port the kernel picks for bind(0) comes
   * from that range, from which it also picks the source port of every outgoing connection: a member of a test cluster
   * opening connections to the others could take the port a later member was given before that member bound it
   * (seen: ClusterTest, "Failed to bind to address /127.0.0.1:36457", Address already in use). Below the range only
   * another test choosing the same port at random can collide. Prefer port 0 wherever the process under test reports
   * the port it bound.
   */
  public static int free() {
    int below = ephemeralLow();
    if (below - LOWEST >= 1_000) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
        if (bindable(port)) {
          return port;
        }
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The first port of the kernel's ephemeral range (Linux's default 32768 where it cannot be read). */
  static int ephemeralLow() {
    try {
      // readAllLines, not readString: on JDK 17 readString gave "3" for this file's "32768\t60999" (/proc sizes).
      return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** Whether a listener could bind {@code port} now, without SO_REUSEADDR: a connection lingering there counts. */
  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
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

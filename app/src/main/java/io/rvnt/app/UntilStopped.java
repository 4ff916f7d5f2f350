package io.rvnt.app;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a libp2p server command (bootstrap node, relay) runs once its server has started: it closes the server on
 * SIGTERM or Ctrl-C (and when {@code --parent-pid} is gone), and lets the command wait for that after printing its
 * addresses. The servers log their own start and stop lines (at NOTICE, docs/monitoring.md); the stop line gets out
 * during JVM shutdown because the command chose DaemonLogging's shutdown-safe log manager first.
 */
public final class UntilStopped {
  private final CountDownLatch stopped = new CountDownLatch(1);

  private UntilStopped() {}

  /**
   * Installs the shutdown hook and the parent watchdog for {@code server}. Call once logging is configured.
   *
   * @param what the server as the log lines name it, such as "relay"
   */
  public static UntilStopped serve(String what, AutoCloseable server, Long parentPid) {
    Logger log = Logger.getLogger(UntilStopped.class.getName());
    UntilStopped running = new UntilStopped();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Only the class: a store's or a transport's message is not known to be free of what invariant 1 keeps out.
        log.log(Level.WARNING, what + " did not stop cleanly: " + e.getClass().getName());
      } finally {
        running.stopped.countDown();
      }
    }, "rvnt-" + what.replace(' ', '-') + "-shutdown"));
    ParentWatch.exitWhenGone(parentPid);
    return running;
  }

  /**
   * The lines a libp2p server prints once ready, which the sandbox and the tests read: {@code listening on
   * MULTIADDR/p2p/PEER_ID} per address, then {@code admin listener on http://HOST:PORT/metrics}.
   */
  public static void printAddresses(PrintWriter out, List<Multiaddr> listening, InetSocketAddress admin) {
    for (Multiaddr address : listening) {
      out.println("listening on " + address);
    }
    out.println("admin listener on http://" + admin.getHostString() + ":" + admin.getPort() + "/metrics");
  }

  /** Blocks until the shutdown hook has closed the server. */
  public void await() throws InterruptedException {
    stopped.await();
  }
}

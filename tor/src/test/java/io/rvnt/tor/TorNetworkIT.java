package io.rvnt.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One private network for the class: the identity onion service with the shipped torrc lines in front of a listener
 * that records the PROXY line tor sends, and a plain onion service in front of an echo listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorNetworkIT {
  /** About 15-20 s on an idle 2-core machine; a loaded one may take several times that. */
  static final Duration NETWORK_DEADLINE = Duration.ofMinutes(4);
  private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private ServerSocket proxyTarget;
  private ServerSocket echoTarget;
  private final BlockingQueue<String> proxyLines = new LinkedBlockingQueue<>();
  private TorNetwork network;

  @BeforeAll
  void startNetwork() throws Exception {
    proxyTarget = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoTarget = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    serve(proxyTarget, socket -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      if (line != null) {
        proxyLines.add(line);
      }
    });
    serve(echoTarget, socket -> socket.getInputStream().transferTo(socket.getOutputStream()));
    network = TorNetwork.start(dir, List.of(
        OnionService.identity(proxyTarget.getLocalPort()),
        OnionService.plain("echo", 7000, echoTarget.getLocalPort())), TorNetworkIT::freePort, NETWORK_DEADLINE);
  }

  /** The rule "tear-down leaves no tor process and no listening port", checked on the class's one network. */
  @AfterAll
  void tearDownLeavesNoTorProcessAndNoListeningPort() throws IOException {
    try {
      if (network != null) {
        List<ProcessHandle> processes = network.processes();
        assertThat(processes).as("eight tor processes: 3 authorities, 3 relays, the service and the client")
            .hasSize(8);
        network.close();
        assertThat(processes).as("every tor process is gone after close").noneMatch(ProcessHandle::isAlive);
        for (int port : network.ports()) {
          assertThat(accepts(port)).as("nothing listens on the network's port " + port + " after close").isFalse();
        }
      }
    } finally {
      proxyTarget.close();
      echoTarget.close();
    }
  }

  @Test
  void torsOutputReachesNoFile() throws IOException {
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
          .as("tor's notices are kept in memory for error messages, never written beside its data")
          .noneMatch(name -> name.endsWith(".log") || name.equals("notices"));
    }
  }

  @Test
  void carriesBytesBothWaysThroughAPlainOnionService() throws Exception {
    try (Socket socket = network.socks("echo-test").connect(network.onionAddress("echo"), 7000, READ_DEADLINE)) {
      socket.setSoTimeout((int) READ_DEADLINE.toMillis());
      socket.getOutputStream().write("ping through tor\n".getBytes(StandardCharsets.US_ASCII));
      String back = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(back).as("the echo service's answer came back through the onion").isEqualTo("ping through tor");
    }
  }

  @Test
  void shippedLinesSendTheCircuitIdAsProxyHeaderOneIdPerIsolationKey() throws Exception {
    String first = proxyLineThrough("circuit-a");
    String again = proxyLineThrough("circuit-a");
    String other = proxyLineThrough("circuit-b");
    assertThat(first).as("HiddenServiceExportCircuitID haproxy: a PROXY v1 line from Tor's circuit prefix")
        .matches("PROXY TCP6 fc00:dead:beef:4dad::[0-9a-f:]+ ::1 \\d+ 80");
    assertThat(again).as("one SOCKS isolation key keeps its circuit").isEqualTo(first);
    assertThat(source(other)).as("another isolation key gets another circuit").isNotEqualTo(source(first));
  }

  private String proxyLineThrough(String isolationKey) throws Exception {
    proxyLines.clear();
    try (Socket socket = network.socks(isolationKey).connect(network.onionAddress("identity"), 80, READ_DEADLINE)) {
      String line = proxyLines.poll(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(line).as("the service received a PROXY line within " + READ_DEADLINE).isNotNull();
      return line;
    }
  }

  private static String source(String proxyLine) {
    return proxyLine.split(" ")[2];
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Handler {
    void handle(Socket socket) throws IOException;
  }

  private static void serve(ServerSocket server, Handler handler) {
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread worker = new Thread(() -> {
            try (socket) {
              handler.handle(socket);
            } catch (IOException ended) {
              // The peer went away.
            }
          });
          worker.setDaemon(true);
          worker.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }
}

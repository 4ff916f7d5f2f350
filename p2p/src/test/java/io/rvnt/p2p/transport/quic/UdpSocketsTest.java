package io.rvnt.p2p.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UdpSocketsTest {
  /** How long one step may take: generous, since it is a deadline on a busy machine, not a duration. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /**
   * Listeners bound at once. Linux's ephemeral range holds about 28,000 ports, so SO_REUSEPORT sockets bound to port 0
   * would give some two of 600 listeners one port in all but about 1 run in 500 (birthday bound, about 6 pairs
   * expected; 3 to 8 seen). Bound all at once, their probes also race each other, which the claims must settle (8
   * pairs seen without them).
   */
  private static final int LISTENERS = 600;
  private static EventLoopGroup group;

  private final List<UdpSockets> allSockets = new ArrayList<>();

  @BeforeAll
  static void startLoops() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopLoops() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterEach
  void closeSockets() throws Exception {
    for (UdpSockets sockets : allSockets) {
      await(CompletableFuture.allOf(sockets.closeAll().toArray(CompletableFuture[]::new)));
    }
  }

  private UdpSockets sockets() {
    return sockets(UdpSockets::probeFreePort);
  }

  private UdpSockets sockets(UdpSockets.PortProbe probe) {
    UdpSockets sockets = new UdpSockets(group, probe);
    allSockets.add(sockets);
    return sockets;
  }

  /** A probe that hands out {@code port} the first {@code times} times, then free ports; counts its calls. */
  private record FixedProbe(int port, int times, AtomicInteger calls) implements UdpSockets.PortProbe {
    FixedProbe(int port, int times) {
      this(port, times, new AtomicInteger());
    }

    @Override
    public CompletableFuture<Integer> probe(EventLoop loop, InetSocketAddress local) {
      return calls.incrementAndGet() <= times
          ? CompletableFuture.completedFuture(port) : UdpSockets.probeFreePort(loop, local);
    }
  }

  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static int port(Channel socket) {
    return ((InetSocketAddress) socket.localAddress()).getPort();
  }

  private static CompletableFuture<List<Channel>> spread(UdpSockets sockets, InetSocketAddress local) {
    return sockets.bindSpread(local, ChannelInboundHandlerAdapter::new, 2);
  }

  @Test
  void listenersOnPortZeroNeverShareAPort() throws Exception {
    // One UdpSockets per listener, as two transports (two nodes) in one process have.
    List<CompletableFuture<List<Channel>>> binding = new ArrayList<>();
    for (int i = 0; i < LISTENERS; i++) {
      binding.add(spread(sockets(), ANY_LOOPBACK_PORT));
    }
    Map<Integer, Integer> listenersByPort = new HashMap<>();
    for (CompletableFuture<List<Channel>> listener : binding) {
      List<Channel> spread = await(listener);
      assertThat(spread).as("a listener's sockets all share its one port").hasSize(2)
          .extracting(UdpSocketsTest::port).containsOnly(port(spread.get(0)));
      listenersByPort.merge(port(spread.get(0)), 1, Integer::sum);
    }
    listenersByPort.values().removeIf(listeners -> listeners == 1);
    assertThat(listenersByPort).as("no port is held by two listeners (port -> listeners holding it)").isEmpty();
  }

  @Test
  void triesAnotherPortWhenTheProbedOneIsTakenBeforeTheSpreadBinds() throws Exception {
    try (DatagramSocket taker = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      FixedProbe probe = new FixedProbe(taker.getLocalPort(), 1);
      List<Channel> spread = await(spread(sockets(probe), ANY_LOOPBACK_PORT));

      assertThat(spread).as("the spread moved to another port than the one a plain socket took")
          .extracting(UdpSocketsTest::port).doesNotContain(taker.getLocalPort()).containsOnly(port(spread.get(0)));
      assertThat(probe.calls()).as("one probe for the lost port, one for the port it bound").hasValue(2);
    }
  }

  @Test
  void givesUpAfterPortAttemptsWhenEveryProbedPortIsTaken() throws Exception {
    try (DatagramSocket taker = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      FixedProbe probe = new FixedProbe(taker.getLocalPort(), Integer.MAX_VALUE);
      UdpSockets sockets = sockets(probe);

      Throwable failure = catchThrowable(() -> await(spread(sockets, ANY_LOOPBACK_PORT)));

      assertThat(failure).as("a spread fails clearly once PORT_ATTEMPTS ports were all taken")
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BindException.class)
          .hasMessage("no free UDP port for 2 SO_REUSEPORT sockets in " + UdpSockets.PORT_ATTEMPTS + " attempts");
      assertThat(probe.calls()).as("exactly PORT_ATTEMPTS ports tried").hasValue(UdpSockets.PORT_ATTEMPTS);
      assertThat(sockets.closeAll()).as("a failed spread leaves no socket open").isEmpty();
    }
  }

  @Test
  void neverJoinsThePortAnotherSpreadOfThisProcessHolds() throws Exception {
    // Stands for the race the kernel cannot see: another spread's probe got the port, closed it, and had not bound yet.
    int held = port(await(spread(sockets(), ANY_LOOPBACK_PORT)).get(0));
    FixedProbe probe = new FixedProbe(held, 1);

    List<Channel> spread = await(spread(sockets(probe), ANY_LOOPBACK_PORT));

    assertThat(port(spread.get(0))).as("a spread does not join a port another spread claimed").isNotEqualTo(held);
    assertThat(probe.calls()).as("the claimed port cost one more probe").hasValue(2);
  }

  @Test
  void aClosedSpreadsPortCanBeBoundAgain() throws Exception {
    List<Channel> first = await(spread(sockets(), ANY_LOOPBACK_PORT));
    int released = port(first.get(0));
    for (Channel socket : first) {
      await(UdpSockets.close(socket));
    }
    FixedProbe probe = new FixedProbe(released, 1);

    List<Channel> again = await(spread(sockets(probe), ANY_LOOPBACK_PORT));

    assertThat(again).as("closing all of a spread's sockets released its claim on the port")
        .extracting(UdpSocketsTest::port).containsOnly(released);
  }

  @Test
  void refusesAFixedPortAnotherSpreadHolds() throws Exception {
    int held = port(await(spread(sockets(), ANY_LOOPBACK_PORT)).get(0));
    UdpSockets other = sockets();

    Throwable failure = catchThrowable(() -> await(spread(other, new InetSocketAddress("127.0.0.1", held))));

    assertThat(failure).as("a held port fails the listen instead of being shared through SO_REUSEPORT")
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BindException.class);
    assertThat(other.closeAll()).as("the refused spread leaves no socket open").isEmpty();
  }

  @Test
  void bindsAFixedPortNoOneHolds() throws Exception {
    int free;
    try (DatagramSocket probe = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      free = probe.getLocalPort();
    }

    List<Channel> spread = await(spread(sockets(), new InetSocketAddress("127.0.0.1", free)));

    assertThat(spread).as("every socket of the spread is on the port asked for")
        .extracting(UdpSocketsTest::port).containsOnly(free);
  }
}

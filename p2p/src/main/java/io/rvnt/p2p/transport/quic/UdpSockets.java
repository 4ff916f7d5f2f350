package io.rvnt.p2p.transport.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The UDP sockets of one transport, on the caller's event loops: bound on demand, all closed with the transport.
 *
 * <p>A QUIC codec and all its connections live on the event loop of their socket, so one socket uses one core at
 * most. {@link #bindSpread} binds one socket per event loop to the same address with {@code SO_REUSEPORT}: the kernel
 * then hands each peer's packets (by source address and port) always to the same socket, and peers are spread over
 * the loops. The price: a peer whose address changes mid-connection (migration, NAT rebinding) may land on another
 * socket, which does not know the connection, and the connection times out.
 *
 * <p>Why a spread never binds port 0 itself: Linux, picking a port for a UDP socket bound to port 0, counts a port
 * held only by {@code SO_REUSEPORT} sockets of the same user as free for another {@code SO_REUSEPORT} socket
 * ({@code udp_lib_lport_inuse}; of 3,000 such sockets on loopback, over a hundred got a port another one already
 * held). A listener bound that way may join another listener's port, of this process or another of the same user, and
 * the kernel then spreads each listener's peers over both listeners' sockets: the connections that land on the wrong
 * one time out. A socket without {@code SO_REUSEPORT} conflicts with every holder, so the kernel only gives it a port
 * no one holds (dial sockets are such sockets). A spread therefore first binds such a probe socket, closes it, and
 * binds its {@code SO_REUSEPORT} sockets to the port the probe got.
 *
 * <p>Between the probe's close and that bind someone else may take the port. A socket without {@code SO_REUSEPORT}
 * makes the bind fail, and the spread tries another port, {@link #PORT_ATTEMPTS} times at most. Another spread of this
 * process, whose probe got the port in that gap too, would not: so a spread claims its port in this process for as
 * long as its sockets are open, and a probe that gets a claimed port counts as a lost one. What no listener can prevent
 * is another program's {@code SO_REUSEPORT} socket bound to port 0 joining its port. A fixed port is probed too, so
 * that a port already held fails the listen instead of being shared.
 */
final class UdpSockets {
  /**
   * How many ports a spread on port 0 tries before it fails. A port is lost only if someone binds it between the
   * probe's close and the spread's first bind, or another spread of this process holds it: each is rare, so more than
   * a couple of losses in a row mean something else is wrong.
   */
  static final int PORT_ATTEMPTS = 8;

  /** Finds the port a spread binds: binds a socket without {@code SO_REUSEPORT} to {@code local}, closes it. */
  interface PortProbe {
    /** Completes with the port a socket without {@code SO_REUSEPORT} got on {@code local}, already closed again. */
    CompletableFuture<Integer> probe(EventLoop loop, InetSocketAddress local);
  }

  // Ports that spreads on port 0 in this process hold or are about to bind, whatever their address: UdpSockets of
  // several transports share it.
  private static final Set<Integer> CLAIMED = ConcurrentHashMap.newKeySet();

  private final List<EventLoop> loops = new ArrayList<>();
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final PortProbe portProbe;

  UdpSockets(EventLoopGroup group) {
    this(group, UdpSockets::probeFreePort);
  }

  /** @param portProbe finds the port of each {@link #bindSpread}; tests hand out ports someone holds */
  UdpSockets(EventLoopGroup group, PortProbe portProbe) {
    for (EventExecutor executor : group) {
      loops.add((EventLoop) executor);
    }
    this.portProbe = portProbe;
  }

  /** How many event loops the sockets are spread over. */
  int loopCount() {
    return loops.size();
  }

  /** Binds a socket of {@code local}'s address family on the {@code loop}-th event loop that runs {@code codec}. */
  CompletableFuture<Channel> bind(InetSocketAddress local, ChannelHandler codec, int loop) {
    return bind(local, codec, loop, false);
  }

  /**
   * Binds {@code count} sockets to {@code local} with {@code SO_REUSEPORT}, each on the next event loop with a codec
   * of its own from {@code codec}; with port 0, all on a port no other socket held (see the class comment). A single
   * socket takes no {@code SO_REUSEPORT} and needs no probe. Fails with a {@link BindException} if {@code local}'s
   * port is held or no free port was found in {@link #PORT_ATTEMPTS} tries, otherwise with the first bind's cause, and
   * then closes those already bound.
   */
  CompletableFuture<List<Channel>> bindSpread(InetSocketAddress local, Supplier<ChannelHandler> codec, int count) {
    if (count == 1) {
      return bind(local, codec.get(), 0, false).thenApply(List::of);
    }
    return bindSpread(local, codec, count, 1);
  }

  private CompletableFuture<List<Channel>> bindSpread(InetSocketAddress local, Supplier<ChannelHandler> codec,
      int count, int attempt) {
    return portProbe.probe(loops.get(0), local).thenCompose(port -> {
      InetSocketAddress shared = new InetSocketAddress(local.getAddress(), port);
      if (local.getPort() != 0) {
        return bindAll(shared, codec, count, null, CompletableFuture::failedFuture);
      }
      if (!CLAIMED.add(port)) {
        BindException claimed = new BindException("another listener of this process claimed the port");
        return retry(local, codec, count, attempt, claimed);
      }
      return bindAll(shared, codec, count, port, lost -> retry(local, codec, count, attempt, lost));
    });
  }

  private CompletableFuture<List<Channel>> retry(InetSocketAddress local, Supplier<ChannelHandler> codec, int count,
      int attempt, Throwable lost) {
    if (attempt < PORT_ATTEMPTS) {
      return bindSpread(local, codec, count, attempt + 1);
    }
    BindException failure = new BindException(
        "no free UDP port for " + count + " SO_REUSEPORT sockets in " + PORT_ATTEMPTS + " attempts");
    failure.initCause(lost);
    return CompletableFuture.failedFuture(failure);
  }

  /**
   * Binds the {@code count} sockets to {@code shared}; if the first fails, its port may have been taken since the
   * probe, and the outcome is {@code onLost}'s. A non-null {@code claimed} port is released when the binds fail or
   * all the sockets are closed.
   */
  private CompletableFuture<List<Channel>> bindAll(InetSocketAddress shared, Supplier<ChannelHandler> codec,
      int count, Integer claimed, Function<Throwable, CompletableFuture<List<Channel>>> onLost) {
    return bind(shared, codec.get(), 0, true).handle((first, firstFailure) -> {
      if (firstFailure != null) {
        release(claimed);
        return onLost.apply(firstFailure);
      }
      List<CompletableFuture<Channel>> all = new ArrayList<>(List.of(CompletableFuture.completedFuture(first)));
      for (int i = 1; i < count; i++) {
        all.add(bind(shared, codec.get(), i, true));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .handle((ignored, failure) -> {
            List<Channel> bound = new ArrayList<>();
            for (CompletableFuture<Channel> socket : all) {
              if (!socket.isCompletedExceptionally()) {
                bound.add(socket.join());
              }
            }
            if (failure != null) {
              bound.forEach(UdpSockets::close);
              release(claimed);
              throw new CompletionException(failure);
            }
            releaseWhenClosed(bound, claimed);
            return bound;
          });
    }).thenCompose(Function.identity());
  }

  private static void releaseWhenClosed(List<Channel> sockets, Integer claimed) {
    if (claimed == null) {
      return;
    }
    AtomicInteger stillOpen = new AtomicInteger(sockets.size());
    for (Channel socket : sockets) {
      socket.closeFuture().addListener(f -> {
        if (stillOpen.decrementAndGet() == 0) {
          release(claimed);
        }
      });
    }
  }

  private static void release(Integer claimed) {
    if (claimed != null) {
      CLAIMED.remove(claimed);
    }
  }

  /**
   * The {@link PortProbe} of the product: a plain {@link DatagramChannel} bound and closed in a task on {@code loop},
   * the same calls a Netty bind makes there, none of which waits. Not a Netty channel: one registered with a selector
   * keeps its port until the selector's next round, so the spread's bind right after its close would find it held.
   */
  static CompletableFuture<Integer> probeFreePort(EventLoop loop, InetSocketAddress local) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    loop.execute(() -> {
      StandardProtocolFamily family = local.getAddress() instanceof Inet4Address
          ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
      try (DatagramChannel probe = DatagramChannel.open(family)) {
        probe.bind(local);
        port.complete(((InetSocketAddress) probe.getLocalAddress()).getPort());
      } catch (IOException | RuntimeException e) {
        port.completeExceptionally(e);
      }
    });
    return port;
  }

  private CompletableFuture<Channel> bind(InetSocketAddress local, ChannelHandler codec, int loop, boolean reusePort) {
    return bindOn(loops.get(Math.floorMod(loop, loops.size())), local, codec, reusePort).thenApply(socket -> {
      open.add(socket);
      socket.closeFuture().addListener(c -> open.remove(socket));
      return socket;
    });
  }

  private static CompletableFuture<Channel> bindOn(EventLoop loop, InetSocketAddress local, ChannelHandler codec,
      boolean reusePort) {
    SocketProtocolFamily family = local.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    CompletableFuture<Channel> bound = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channelFactory(() -> new NioDatagramChannel(family))
        .handler(codec);
    if (reusePort) {
      bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
    bootstrap.bind(local).addListener(f -> {
      if (f.isSuccess()) {
        bound.complete(((ChannelFuture) f).channel());
      } else {
        bound.completeExceptionally(f.cause());
      }
    });
    return bound;
  }

  /** Closes every socket still open; each future completes once its socket is closed. */
  List<CompletableFuture<Void>> closeAll() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Channel socket : open) {
      closing.add(close(socket));
    }
    return closing;
  }

  static CompletableFuture<Void> close(Channel socket) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    socket.close().addListener(f -> done.complete(null));
    return done;
  }
}

package io.rvnt.daemon.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The admin listener of a server process, the same for every component: {@code GET /metrics} (Prometheus text
 * 0.0.4), {@code GET /metrics.pb} ({@code rvnt.metrics.v1.MetricsSnapshot}, resources/proto/metrics.proto) and
 * {@code GET /health}, and {@code POST} to the component's operator commands ({@link AdminAction}), on a loopback
 * address only. It runs on its own event loop thread and one snapshot worker, so
 * a scrape never competes with the component's own event loops.
 */
public final class AdminListener implements AutoCloseable {
  private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_]*");

  private final EventLoopGroup group;
  private final ThreadPoolExecutor worker;
  private final Channel channel;

  private AdminListener(EventLoopGroup group, ThreadPoolExecutor worker, Channel channel) {
    this.group = group;
    this.worker = worker;
    this.channel = channel;
  }

  /**
   * Binds {@code address} and serves {@code component}.
   *
   * @throws IllegalArgumentException when {@code address} is not a loopback address, or the component's name does
   *     not fit {@code rvnt_<component>_...}
   * @throws IOException when the address cannot be resolved or bound
   */
  public static AdminListener start(InetSocketAddress address, AdminLimits limits, AdminComponent component,
      ProcessMetrics process) throws IOException {
    if (address.isUnresolved()) {
      throw new IOException("cannot resolve the admin listener's host " + address.getHostString());
    }
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin listener must be on a loopback address (127.0.0.1, ::1 or "
          + "localhost), not " + address.getAddress().getHostAddress());
    }
    String name = component.name();
    // "process" would mix the component's figures with rvnt_process_...
    if (!COMPONENT.matcher(name).matches() || name.equals("process")) {
      throw new IllegalArgumentException("a component's name is lower case letters, digits and underscores, and "
          + "not 'process': " + name);
    }
    ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(limits.snapshotQueue()), new DefaultThreadFactory("rvnt-admin-snapshot", true),
        new ThreadPoolExecutor.AbortPolicy());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rvnt-admin-io", true),
        NioIoHandler.newFactory());
    Scrapes scrapes = new Scrapes(component, component.schema(), process, worker);
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new AdminChannelInitializer(limits, scrapes))
          .bind(address)
          .syncUninterruptibly()
          .channel();
      return new AdminListener(group, worker, channel);
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      worker.shutdownNow();
      // Netty rethrows the checked BindException undeclared: catch every kind.
      throw new IOException("cannot listen on " + address.getAddress().getHostAddress() + ":" + address.getPort()
          + " for the admin listener: " + e.getMessage(), e);
    }
  }

  /** The bound address (the actual port when 0 was asked). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops accepting, closes every admin connection, and stops the snapshot worker. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

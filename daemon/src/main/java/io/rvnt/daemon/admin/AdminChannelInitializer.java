package io.rvnt.daemon.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The admin listener's pipeline: connection limit, idle timeout, request limits, {@link AdminHandler}. */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final AdminLimits limits;
  private final Scrapes scrapes;
  private final AtomicInteger open = new AtomicInteger();

  AdminChannelInitializer(AdminLimits limits, Scrapes scrapes) {
    this.limits = limits;
    this.scrapes = scrapes;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> open.decrementAndGet());
    channel.pipeline()
        .addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxRequestBytes())
            .setMaxHeaderSize(limits.maxRequestBytes())))
        // Admin requests carry no body (an action's arguments are query parameters): any body is over the limit (413).
        .addLast("aggregator", new HttpObjectAggregator(0))
        .addLast("admin", new AdminHandler(scrapes));
  }
}

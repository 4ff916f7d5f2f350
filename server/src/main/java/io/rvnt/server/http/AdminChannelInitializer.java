package io.rvnt.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The admin listener: small limits, a 30-second idle timeout, and {@link AdminHandler}. */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_LINE = 1_024;
  private static final int MAX_HEADERS = 8_192;
  private static final int MAX_BODY = 1_024;
  private static final int IDLE_SECONDS = 30;

  private final Supplier<MetricsSnapshot> snapshots;
  private final Executor worker;

  AdminChannelInitializer(Supplier<MetricsSnapshot> snapshots, Executor worker) {
    this.snapshots = snapshots;
    this.worker = worker;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel.pipeline()
        .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
        .addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8_192))
        .addLast(new HttpObjectAggregator(MAX_BODY))
        .addLast(new AdminHandler(snapshots, worker));
  }
}

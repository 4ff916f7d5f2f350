package io.rvnt.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.server.config.ListenerConfig;
import io.rvnt.server.config.ProxyProtocolMode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of one API listener: connection limit, receive deadline, PROXY header (per the listener's mode),
 * HTTP/1.1 codec with the line and header limits, body-limited aggregation, dispatch.
 */
final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final ListenerConfig listener;
  private final IdentityServerConfig config;
  private final ApiResources api;
  private final AtomicInteger open = new AtomicInteger();

  ApiChannelInitializer(ListenerConfig listener, IdentityServerConfig config, ApiResources api) {
    this.listener = listener;
    this.config = config;
    this.api = api;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    // Spec §9: over the limit, new connections are closed at once.
    if (open.incrementAndGet() > config.maxConnections()) {
      open.decrementAndGet();
      channel.close();
      return;
    }
    api.metrics().connectionOpened();
    channel.closeFuture().addListener(closed -> {
      open.decrementAndGet();
      api.metrics().connectionClosed();
    });
    ChannelPipeline pipeline = channel.pipeline();
    ReceiveDeadline deadline = new ReceiveDeadline(config.requestReceiveTimeout(), config.idleTimeout());
    pipeline.addLast("deadline", deadline);
    if (listener.proxyProtocol() != ProxyProtocolMode.OFF) {
      pipeline.addLast("proxy-detector",
          new ProxyProtocolDetector(listener.proxyProtocol() == ProxyProtocolMode.REQUIRED));
    }
    pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(config.maxRequestLineBytes())
        .setMaxHeaderSize(config.maxHeaderBytes())
        .setMaxChunkSize(8_192)));
    pipeline.addLast("aggregator", new BodyLimitAggregator(config.maxBodyBytes(), api.metrics()));
    pipeline.addLast("api", new ApiHandler(api, deadline, config.maxPipelinedRequests()));
  }
}

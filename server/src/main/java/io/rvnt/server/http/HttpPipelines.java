package io.rvnt.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.server.config.ListenerConfig;
import io.rvnt.server.identity.IdentityService;
import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.server.pow.PowQueue;
import io.rvnt.server.ratelimit.RateLimiter;
import java.util.List;
import java.util.concurrent.Executor;

/** Builds the channel pipelines of the API listeners. */
public final class HttpPipelines {
  private final IdentityServerConfig config;
  private final ApiResources api;

  /**
   * @param workers bounded executor for decoding, crypto and storage; must throw
   *     {@link java.util.concurrent.RejectedExecutionException} when full
   * @param powQueue where requests with a proof of work wait for their turn (spec §6.6)
   */
  public HttpPipelines(
      IdentityServerConfig config,
      IdentityService service,
      RateLimiter limiter,
      ServerMetrics metrics,
      Executor workers,
      PowQueue powQueue) {
    this.config = config;
    this.api = new ApiResources(limiter, metrics, new IdentityEndpoints(service, powQueue, config.maxBodyBytes()),
        workers);
  }

  /** One initializer per listener: each counts its own connections against {@code max-connections}. */
  public ChannelInitializer<SocketChannel> apiInitializer(ListenerConfig listener) {
    return new ApiChannelInitializer(listener, config, api);
  }

  public static List<String> routeNames() {
    return Route.metricNames();
  }
}

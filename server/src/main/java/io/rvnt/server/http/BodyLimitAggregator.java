package io.rvnt.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.metrics.ServerMetrics;

/**
 * Netty's aggregator with the body limit of spec §9: an oversized body (by its Content-Length or as it arrives
 * chunked) is answered {@code 413 BODY_TOO_LARGE} with an {@code Error} body, and the connection closed.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  private final ServerMetrics metrics;

  BodyLimitAggregator(int maxBodyBytes, ServerMetrics metrics) {
    super(maxBodyBytes, true);
    this.metrics = metrics;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    long start = System.nanoTime();
    Route route = oversized instanceof HttpRequest request ? Route.of(Route.pathOf(request.uri())) : Route.NOT_FOUND;
    FullHttpResponse response = ErrorResponses.of(ErrorCode.BODY_TOO_LARGE, "the request body is too large");
    HttpUtil.setKeepAlive(response, false);
    metrics.route(route.metricName()).record(response.status().code(), System.nanoTime() - start);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}

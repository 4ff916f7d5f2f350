package io.rvnt.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import io.rvnt.server.metrics.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the aggregate metrics: {@code GET /metrics} (Prometheus text 0.0.4), {@code GET /metrics.pb}
 * ({@code rvnt.metrics.v1.MetricsSnapshot}) and {@code GET /health}. Snapshots read the disk, so they are built on
 * the admin worker, never on the event loop.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(AdminHandler.class.getName());

  private final Supplier<MetricsSnapshot> snapshots;
  private final Executor worker;

  AdminHandler(Supplier<MetricsSnapshot> snapshots, Executor worker) {
    this.snapshots = snapshots;
    this.worker = worker;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    String path = Route.pathOf(request.uri());
    if (!HttpMethod.GET.equals(request.method()) || request.decoderResult().isFailure()) {
      respond(ctx, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n"), keepAlive);
      return;
    }
    switch (path) {
      case "/health" -> respond(ctx, text(HttpResponseStatus.OK, "ok\n"), keepAlive);
      case "/metrics", "/metrics.pb" -> {
        boolean protobuf = path.endsWith(".pb");
        try {
          worker.execute(() -> {
            FullHttpResponse response;
            try {
              MetricsSnapshot snapshot = snapshots.get();
              response = protobuf
                  ? body(HttpResponseStatus.OK, snapshot.toByteArray(), "application/x-protobuf")
                  : body(HttpResponseStatus.OK, PrometheusText.format(snapshot).getBytes(StandardCharsets.UTF_8),
                      PrometheusText.CONTENT_TYPE);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "metrics snapshot failed: " + e.getClass().getName());
              response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics unavailable\n");
            }
            FullHttpResponse done = response;
            ctx.executor().execute(() -> respond(ctx, done, keepAlive));
          });
        } catch (RejectedExecutionException e) {
          respond(ctx, text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy\n"), keepAlive);
        }
      }
      default -> respond(ctx, text(HttpResponseStatus.NOT_FOUND, "not found\n"), keepAlive);
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String text) {
    return body(status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  private static FullHttpResponse body(HttpResponseStatus status, byte[] bytes, String contentType) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  private static void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "admin connection failed: " + cause.getClass().getName());
    ctx.close();
  }
}

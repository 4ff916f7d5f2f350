package io.rvnt.daemon.admin;

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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers {@code GET /metrics} (Prometheus text 0.0.4), {@code GET /metrics.pb} ({@code rvnt.metrics.v1
 * .MetricsSnapshot}) and {@code GET /health}, and {@code POST} to the component's {@link AdminAction}s; any other
 * path is {@code 404}, any other method {@code 405}. Snapshots block (they read the disk), so they are built on the
 * admin worker, never on the event loop. Nothing about the client is logged.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(AdminHandler.class.getName());
  private static final String PROTOBUF = "application/x-protobuf";

  private final Scrapes scrapes;

  AdminHandler(Scrapes scrapes) {
    this.scrapes = scrapes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      // The decoder discards whatever follows a request it could not read: answer, then close.
      respond(ctx, refusal(request.decoderResult().cause()), false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    AdminAction action = scrapes.component().actions().get(uri.path());
    HttpMethod allowed = action != null ? HttpMethod.POST : HttpMethod.GET;
    if (!allowed.equals(request.method())) {
      FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, allowed.name() + " only\n");
      response.headers().set(HttpHeaderNames.ALLOW, allowed.name());
      respond(ctx, response, keepAlive);
      return;
    }
    if (action != null) {
      act(ctx, action, uri, keepAlive);
      return;
    }
    switch (uri.path()) {
      case "/health" -> respond(ctx, scrapes.component().healthy()
          ? text(HttpResponseStatus.OK, "ok\n")
          : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not serving\n"), keepAlive);
      case "/metrics" -> scrape(ctx, false, keepAlive);
      case "/metrics.pb" -> scrape(ctx, true, keepAlive);
      default -> respond(ctx, text(HttpResponseStatus.NOT_FOUND, "not found\n"), keepAlive);
    }
  }

  private void act(ChannelHandlerContext ctx, AdminAction action, QueryStringDecoder uri, boolean keepAlive) {
    CompletableFuture<AdminAnswer> answer;
    try {
      answer = action.run(uri.parameters());
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((done, failure) -> {
      FullHttpResponse response;
      if (failure != null) {
        // Only the class, as for a failed snapshot.
        LOG.log(Level.WARNING, "admin action " + uri.path() + " failed: " + failure.getClass().getName());
        response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the action failed\n");
      } else {
        response = text(HttpResponseStatus.valueOf(done.status()), done.text() + "\n");
      }
      try {
        ctx.executor().execute(() -> respond(ctx, response, keepAlive));
      } catch (RejectedExecutionException e) {
        ReferenceCountUtil.release(response);
      }
    });
  }

  private void scrape(ChannelHandlerContext ctx, boolean protobuf, boolean keepAlive) {
    try {
      scrapes.worker().execute(() -> {
        FullHttpResponse response = protobuf ? metricsResponse(true) : metricsResponse(false);
        try {
          ctx.executor().execute(() -> respond(ctx, response, keepAlive));
        } catch (RejectedExecutionException e) {
          // The listener is closing: its event loop takes no more work, and the connection goes with it.
          ReferenceCountUtil.release(response);
        }
      });
    } catch (RejectedExecutionException e) {
      respond(ctx, text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy\n"), keepAlive);
    }
  }

  /** Runs on the admin worker. */
  private FullHttpResponse metricsResponse(boolean protobuf) {
    try {
      MetricsSnapshot snapshot = scrapes.snapshot();
      return protobuf
          ? body(HttpResponseStatus.OK, snapshot.toByteArray(), PROTOBUF)
          : body(HttpResponseStatus.OK, scrapes.prometheusText(snapshot).getBytes(StandardCharsets.UTF_8),
              PrometheusText.CONTENT_TYPE);
    } catch (SchemaException e) {
      LOG.log(Level.WARNING, "metrics snapshot failed: " + e.getMessage());
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics unavailable\n");
    } catch (RuntimeException e) {
      // Only the class: a component's exception message is not known to be free of what invariant 1 keeps out.
      LOG.log(Level.WARNING, "metrics snapshot failed: " + e.getClass().getName());
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics unavailable\n");
    }
  }

  private static FullHttpResponse refusal(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long\n");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large\n");
    }
    return text(HttpResponseStatus.BAD_REQUEST, "not an HTTP/1.1 request\n");
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
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "admin connection failed: " + cause.getClass().getName());
    ctx.close();
  }
}

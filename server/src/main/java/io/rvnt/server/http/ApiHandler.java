package io.rvnt.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.ratelimit.RateLimiter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API's dispatch, on the event loop: cheap checks (decoding failures, route, rate limit, method, content type)
 * answer at once; everything else goes to the bounded worker executor ({@code 503 UNAVAILABLE} when its queue is
 * full). One request per connection is in progress at a time: reading pauses until its response is written, and
 * pipelined requests wait in a short queue, so responses keep their order. A request that finds the queue full is
 * dropped with every later one, and the connection closes once the requests held are answered (spec §9).
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());

  private final ApiResources api;
  private final ReceiveDeadline deadline;
  /** Requests a client may pipeline behind the one in progress. */
  private final int maxPipelined;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private boolean busy;
  /** A request found the queue full: later ones are dropped, and the last answer held closes the connection. */
  private boolean overflowed;
  private HttpVersion version = HttpVersion.HTTP_1_1;

  ApiHandler(ApiResources api, ReceiveDeadline deadline, int maxPipelined) {
    this.api = api;
    this.deadline = deadline;
    this.maxPipelined = maxPipelined;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (overflowed) {
      request.release();
      return;
    }
    if (busy) {
      if (queued.size() >= maxPipelined) {
        // Spec §9: the requests held are still answered, in order; this one and the rest never are.
        overflowed = true;
        request.release();
        return;
      }
      queued.add(request);
      return;
    }
    handle(ctx, request);
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    busy = true;
    deadline.requestReceived();
    ctx.channel().config().setAutoRead(false);
    long start = System.nanoTime();
    try {
      dispatch(ctx, request, start);
    } finally {
      request.release();
    }
  }

  private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request, long start) {
    FullHttpResponse malformed = malformed(request);
    if (malformed != null) {
      respond(ctx, Route.NOT_FOUND, start, malformed, false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    version = request.protocolVersion();
    String path = Route.pathOf(request.uri());
    Route route = Route.of(path);
    boolean registration = route == Route.REGISTER && HttpMethod.POST.equals(request.method());
    long retryAfter = api.limiter().acquire(ChannelOrigin.of(ctx.channel()), registration);
    if (retryAfter != RateLimiter.ALLOWED) {
      respond(ctx, route, start,
          ErrorResponses.of(ErrorCode.RATE_LIMITED, "rate limit exceeded, retry later", 0, retryAfter), keepAlive);
      return;
    }
    if (route == Route.NOT_FOUND) {
      respond(ctx, route, start, ErrorResponses.of(ErrorCode.NOT_FOUND, "no such endpoint"), keepAlive);
      return;
    }
    if (!route.method().equals(request.method())) {
      respond(ctx, route, start,
          ErrorResponses.of(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this endpoint"), keepAlive);
      return;
    }
    if (request.content().isReadable() && !isProtobuf(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
      respond(ctx, route, start,
          ErrorResponses.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "bodies must be application/x-protobuf"),
          keepAlive);
      return;
    }
    ApiRequest apiRequest = ApiRequest.of(route, path, request);
    try {
      // The worker checks the request and hands its command to the ledger; the answer comes back to the event loop
      // once the command is applied (on a cluster, from the thread that saw it committed), never blocking a worker.
      api.workers().execute(() -> api.endpoints().handle(apiRequest).thenAccept(response -> {
        try {
          ctx.executor().execute(() -> respond(ctx, route, start, response, keepAlive));
        } catch (RejectedExecutionException shuttingDown) {
          // The event loop is gone (server stopping): the connection is closed, nobody waits for this answer.
          response.release();
        }
      }));
    } catch (RejectedExecutionException e) {
      respond(ctx, route, start,
          ErrorResponses.of(ErrorCode.UNAVAILABLE, "the server is busy, retry later", 0, 1), keepAlive);
    }
  }

  /** Spec §9: the answer to a request that is not valid HTTP/1.1 (which closes the connection), or null. */
  private static FullHttpResponse malformed(FullHttpRequest request) {
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      return decoded.cause() instanceof TooLongHttpLineException
          ? ErrorResponses.requestLineTooLong()
          : decoded.cause() instanceof TooLongHttpHeaderException
              ? ErrorResponses.of(ErrorCode.HEADERS_TOO_LARGE, "the request headers are too large")
              : ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "the request is not valid HTTP/1.1");
    }
    if (!HostHeader.isValid(request)) {
      return ErrorResponses.of(ErrorCode.MALFORMED_REQUEST, "the request needs exactly one Host header, host[:port]");
    }
    return null;
  }

  private void respond(
      ChannelHandlerContext ctx, Route route, long start, FullHttpResponse response, boolean keepAlive) {
    int status = response.status().code();
    api.metrics().route(route.metricName()).record(status, System.nanoTime() - start);
    // After these the connection's remaining bytes cannot be trusted to start a request (spec §9).
    boolean close = !keepAlive || status == 413 || status == 414 || status == 431 || !ctx.channel().isActive()
        || (overflowed && queued.isEmpty());
    // An HTTP/1.0 client keeps the connection only when told so with "Connection: keep-alive".
    HttpUtil.setKeepAlive(response.headers(), version, !close);
    if (close) {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(response).addListener(written -> {
      if (!written.isSuccess()) {
        ctx.close();
        return;
      }
      busy = false;
      deadline.responseSent();
      FullHttpRequest next = queued.poll();
      if (next != null) {
        handle(ctx, next);
      } else {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    });
  }

  private static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return mime.equalsIgnoreCase(Headers.CONTENT_TYPE_PROTOBUF);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FullHttpRequest next;
    while ((next = queued.poll()) != null) {
      next.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Class name only: exception messages from codecs can quote the bytes a client sent.
    if (cause instanceof IOException) {
      LOG.log(Level.FINE, "connection failed: " + cause.getClass().getName());
    } else {
      LOG.log(Level.FINE, "connection closed after a handler error: " + cause.getClass().getName());
    }
    ctx.close();
  }
}

package io.rvnt.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a connection may hold the server (spec §9). From the first byte of a request (or from the
 * connection's start) the whole request must arrive within the receive timeout, however slowly it trickles in
 * (slowloris); between requests a keep-alive connection may stay idle for the idle timeout. Either expiry closes the
 * connection. Sits first in the pipeline to see raw bytes; the API handler reports when a request is complete and
 * when its response is written. All methods run on the channel's event loop.
 */
final class ReceiveDeadline extends ChannelInboundHandlerAdapter {
  private enum State { RECEIVING, PROCESSING, IDLE }

  private final long receiveNanos;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private State state = State.RECEIVING;
  private boolean bytesWhileProcessing;
  private ScheduledFuture<?> timer;

  ReceiveDeadline(Duration receiveTimeout, Duration idleTimeout) {
    this.receiveNanos = receiveTimeout.toNanos();
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    schedule(receiveNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.IDLE) {
      state = State.RECEIVING;
      schedule(receiveNanos);
    } else if (state == State.PROCESSING) {
      bytesWhileProcessing = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  /** A whole request arrived: no deadline while the server works on it. */
  void requestReceived() {
    state = State.PROCESSING;
    cancel();
  }

  /** The response is written: the next request's bytes, if any came already, are on the clock; else idle. */
  void responseSent() {
    if (bytesWhileProcessing) {
      bytesWhileProcessing = false;
      state = State.RECEIVING;
      schedule(receiveNanos);
    } else {
      state = State.IDLE;
      schedule(idleNanos);
    }
  }

  private void schedule(long nanos) {
    cancel();
    timer = ctx.executor().schedule(() -> {
      if (state != State.PROCESSING) {
        ctx.close();
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}

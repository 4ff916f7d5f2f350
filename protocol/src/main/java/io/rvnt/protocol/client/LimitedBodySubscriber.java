package io.rvnt.protocol.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an answer body up to a limit and fails, cancelling the transfer, as soon as the limit is passed: a
 * hostile server cannot make the client buffer more than {@code limit} bytes.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final int limit;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private byte[] buffer = new byte[256];
  private int size;
  private final boolean declaredTooLarge;
  private Flow.Subscription subscription;

  private LimitedBodySubscriber(int limit, boolean declaredTooLarge) {
    this.limit = limit;
    this.declaredTooLarge = declaredTooLarge;
  }

  static HttpResponse.BodyHandler<byte[]> handler(int limit) {
    return responseInfo -> {
      long declared = responseInfo.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new LimitedBodySubscriber(limit, declared > limit);
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declaredTooLarge) {
      subscription.cancel();
      result.completeExceptionally(tooLarge());
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if (size + n > limit) {
        subscription.cancel();
        result.completeExceptionally(tooLarge());
        return;
      }
      if (size + n > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.min(limit, Math.max(size + n, buffer.length * 2)));
      }
      item.get(buffer, size, n);
      size += n;
    }
  }

  private IOException tooLarge() {
    return new IOException("the server's answer is over " + limit + " bytes");
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(java.util.Arrays.copyOf(buffer, size));
  }
}

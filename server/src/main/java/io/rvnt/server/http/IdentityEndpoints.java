package io.rvnt.server.http;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.rvnt.protocol.http.Defaults;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.http.Paths;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.wire.DeleteResponse;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.protocol.wire.RegisterResponse;
import io.rvnt.protocol.wire.ServerParams;
import io.rvnt.server.pow.AdaptivePow;
import io.rvnt.server.pow.PowQueue;
import io.rvnt.server.pow.SeedSchedule;
import io.rvnt.server.identity.IdentityException;
import io.rvnt.server.identity.IdentityLimits;
import io.rvnt.server.identity.IdentityService;
import io.rvnt.server.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one API request from a worker thread: calls the {@link IdentityService} and encodes its answer, or its
 * refusal through {@link ErrorResponses}. Requests that carry a proof of work wait in the {@link PowQueue} first,
 * at the place their verified effort gives them (spec §6.6). Blocking (crypto, RocksDB): never call it on an event
 * loop.
 */
final class IdentityEndpoints {
  private static final Logger LOG = Logger.getLogger(IdentityEndpoints.class.getName());

  private final IdentityService service;
  private final PowQueue queue;
  /** The fixed part of {@code ServerParams}; the seed and efforts are added per request. */
  private final ServerParams params;

  IdentityEndpoints(IdentityService service, PowQueue queue, int maxBodyBytes) {
    this.service = service;
    this.queue = queue;
    IdentityLimits limits = service.limits();
    this.params =
        ServerParams.newBuilder()
            .setRegisterPowBits(limits.registerPowBits())
            .setWritePowBits(limits.writePowBits())
            .setTimestampWindowMs(limits.timestampWindow().toMillis())
            .setMaxPrekeysPerUpload(limits.maxPrekeysPerUpload())
            .setMaxStoredPrekeys(limits.maxStoredPrekeys())
            .setMaxBodyBytes(maxBodyBytes)
            .setProtocolVersion(Defaults.PROTOCOL_VERSION)
            .build();
  }

  /**
   * Starts the request on the calling worker (decoding, signatures, proof of work) and completes once the ledger
   * has applied its command; the future always completes normally, with the answer or the error response.
   */
  CompletableFuture<FullHttpResponse> handle(ApiRequest request) {
    CompletableFuture<FullHttpResponse> answer;
    try {
      answer = switch (request.route()) {
        case REGISTER -> queued(AdaptivePow.Kind.REGISTER, service.registerPriority(request.body(), request.pow()),
            () -> service.register(request.body(), request.pow())).thenApply(registered -> ok(
            HttpResponseStatus.CREATED,
            RegisterResponse.newBuilder()
                .setRegisteredAtMs(registered.registeredAtMs())
                .setOneTimePrekeyCount(registered.oneTimePreKeyCount())
                .build()
                .toByteArray()));
        case BUNDLE -> service.fetchBundle(request.path().substring(Paths.BUNDLE_PREFIX.length()))
            .thenApply(bundle -> ok(HttpResponseStatus.OK, WireCodec.encodeBundle(bundle)));
        case PREKEYS -> queued(AdaptivePow.Kind.WRITE, service.writePriority(request.signed()),
            () -> service.uploadPreKeys(request.signed())).thenApply(IdentityEndpoints::count);
        case PREKEY_COUNT -> service.preKeyCount(request.signed()).thenApply(IdentityEndpoints::count);
        case IDENTITY_DELETE -> queued(AdaptivePow.Kind.WRITE, service.writePriority(request.signed()),
            () -> service.delete(request.signed())).thenApply(deleted ->
            ok(HttpResponseStatus.OK, DeleteResponse.newBuilder().setDeleted(true).build().toByteArray()));
        case PARAMS -> CompletableFuture.completedFuture(ok(HttpResponseStatus.OK, params()));
        case NOT_FOUND -> throw new AssertionError("unrouted requests never reach a worker");
      };
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionally(IdentityEndpoints::failure);
  }

  /** Spec §7.6: the fixed parameters with the current seed and suggested efforts (§6.4, §6.5). */
  private byte[] params() {
    AdaptivePow pow = service.pow();
    SeedSchedule.Current seed = pow.seeds().current();
    return params.toBuilder()
        .setPowSeed(ByteString.copyFrom(seed.seed()))
        .setPowSeedExpiresMs(seed.expiresMs())
        .setRegisterPowEffort(pow.suggested(AdaptivePow.Kind.REGISTER))
        .setWritePowEffort(pow.suggested(AdaptivePow.Kind.WRITE))
        .build()
        .toByteArray();
  }

  /** Spec §6.6: {@code work} once the queue serves it; a request it drops is answered busy. */
  private <T> CompletableFuture<T> queued(AdaptivePow.Kind kind, double priority,
      Supplier<CompletableFuture<T>> work) {
    return queue.submit(priority, work).exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      return CompletableFuture.failedFuture(cause instanceof PowQueue.Refused ? service.busy(kind) : cause);
    });
  }

  private static FullHttpResponse failure(Throwable thrown) {
    Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (e instanceof IdentityException refused) {
      return ErrorResponses.of(refused);
    }
    if (e instanceof StoreException store && store.diskFull()) {
      // Spec §7: a write the full disk refused changed nothing; reads go on, writes succeed once space returns.
      LOG.log(Level.WARNING, "the data directory's disk is full: " + e.getMessage());
      return ErrorResponses.of(ErrorCode.INSUFFICIENT_STORAGE, "the server's disk is full; retry later");
    }
    if (e instanceof StoreException) {
      LOG.log(Level.SEVERE, "storage failure: " + e.getMessage());
      return ErrorResponses.of(ErrorCode.INTERNAL, "the server failed to store or read data");
    }
    LOG.log(Level.SEVERE, "unexpected failure in a request: " + e.getClass().getName());
    return ErrorResponses.of(ErrorCode.INTERNAL, "internal error");
  }

  private static FullHttpResponse count(int count) {
    return ok(HttpResponseStatus.OK, PreKeyCount.newBuilder().setOneTimePrekeyCount(count).build().toByteArray());
  }

  static FullHttpResponse ok(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Headers.CONTENT_TYPE_PROTOBUF);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    // A bundle hands out a one-time prekey: no cache may replay it.
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return response;
  }
}

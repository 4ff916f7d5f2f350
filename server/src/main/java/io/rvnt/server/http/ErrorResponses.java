package io.rvnt.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import com.google.protobuf.ByteString;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.wire.Error;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.server.identity.IdentityException;

/**
 * The one place where error codes become HTTP statuses and {@code Error} bodies (spec §2, §7, §9). Messages are
 * fixed text and never echo request data.
 */
final class ErrorResponses {
  private ErrorResponses() {}

  static HttpResponseStatus statusOf(ErrorCode code) {
    return switch (code) {
      case MALFORMED_REQUEST, INVALID_USERNAME, INVALID_KEY, BAD_KEY_SIGNATURE, TOO_MANY_PREKEYS,
          DUPLICATE_PREKEY_ID, PROXY_HEADER_REQUIRED -> HttpResponseStatus.BAD_REQUEST;
      case AUTH_MISSING, BAD_REQUEST_SIGNATURE, STALE_TIMESTAMP -> HttpResponseStatus.UNAUTHORIZED;
      case POW_MISSING, POW_INSUFFICIENT, POW_SEED_EXPIRED -> HttpResponseStatus.FORBIDDEN;
      case UNKNOWN_USER, NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
      case METHOD_NOT_ALLOWED -> HttpResponseStatus.METHOD_NOT_ALLOWED;
      case REPLAYED_REQUEST, USERNAME_TAKEN -> HttpResponseStatus.CONFLICT;
      case BODY_TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
      case HEADERS_TOO_LARGE -> HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      case RATE_LIMITED -> HttpResponseStatus.TOO_MANY_REQUESTS;
      case INSUFFICIENT_STORAGE -> HttpResponseStatus.INSUFFICIENT_STORAGE;
      case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
      case INTERNAL, ERROR_CODE_UNSPECIFIED, UNRECOGNIZED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
    };
  }

  static FullHttpResponse of(ErrorCode code, String message) {
    return of(code, message, 0, 0);
  }

  /** An error response; {@code retryAfterSeconds > 0} also sets the {@code Retry-After} header (spec §8). */
  static FullHttpResponse of(ErrorCode code, String message, int requiredPowBits, long retryAfterSeconds) {
    return build(statusOf(code), code, message, requiredPowBits, retryAfterSeconds, null);
  }

  /** The answer to a refusal of the identity rules, with what to solve for now when it names it (spec §6.5). */
  static FullHttpResponse of(IdentityException refused) {
    return build(statusOf(refused.code()), refused.code(), refused.getMessage(), refused.requiredPowBits(),
        refused.retryAfterSeconds(), refused.powTarget().orElse(null));
  }

  /** Spec §9: a request line over the limit is {@code 414} with MALFORMED_REQUEST; 414 has no code of its own. */
  static FullHttpResponse requestLineTooLong() {
    return build(HttpResponseStatus.REQUEST_URI_TOO_LONG, ErrorCode.MALFORMED_REQUEST,
        "the request line is too long", 0, 0, null);
  }

  private static FullHttpResponse build(HttpResponseStatus status, ErrorCode code, String message,
      int requiredPowBits, long retryAfterSeconds, PowTarget powTarget) {
    Error.Builder error = Error.newBuilder().setCode(code).setMessage(message);
    if (requiredPowBits > 0) {
      error.setRequiredPowBits(requiredPowBits);
    }
    if (powTarget != null) {
      error.setPowSeed(ByteString.copyFrom(powTarget.seed())).setRequiredPowEffort(powTarget.effort());
    }
    int retryAfter = (int) Math.min(Integer.MAX_VALUE, Math.max(0, retryAfterSeconds));
    if (retryAfter > 0) {
      error.setRetryAfterSeconds(retryAfter);
    }
    byte[] body = error.build().toByteArray();
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Headers.CONTENT_TYPE_PROTOBUF);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (retryAfter > 0) {
      response.headers().setInt(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    return response;
  }
}

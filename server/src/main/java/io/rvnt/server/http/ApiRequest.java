package io.rvnt.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.rvnt.protocol.http.Headers;
import io.rvnt.server.identity.SignedRequest;

/**
 * What a worker needs of a request, copied off the Netty buffer so the buffer can be released on the event loop.
 * {@link #toString()} prints no request data.
 */
record ApiRequest(
    Route route,
    String method,
    String path,
    String username,
    String timestamp,
    String signature,
    String pow,
    byte[] body) {

  static ApiRequest of(Route route, String path, FullHttpRequest request) {
    HttpHeaders headers = request.headers();
    return new ApiRequest(
        route,
        request.method().name(),
        path,
        headers.get(Headers.USERNAME),
        headers.get(Headers.TIMESTAMP),
        headers.get(Headers.SIGNATURE),
        headers.get(Headers.POW),
        ByteBufUtil.getBytes(request.content()));
  }

  SignedRequest signed() {
    return new SignedRequest(method, path, username, timestamp, signature, pow, body);
  }

  @Override
  public String toString() {
    return "ApiRequest[" + route + "]";
  }
}

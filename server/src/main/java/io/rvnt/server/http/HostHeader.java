package io.rvnt.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host header, to any request with more than
 * one, and to one whose value is invalid. The value is {@code uri-host [":" port]} of RFC 3986 §3.2.2 and §3.2.3
 * (an IP literal in brackets, or a reg-name, which may be empty); Netty's codec checks none of this.
 */
final class HostHeader {
  private static final Pattern VALUE = Pattern.compile(
      "(?:\\[[0-9A-Za-z._~!$&'()*+,;=:-]+\\]|(?:[0-9A-Za-z._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?");

  private HostHeader() {}

  static boolean isValid(HttpRequest request) {
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.isEmpty()) {
      // Only HTTP/1.0 predates the header.
      return request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    }
    return hosts.size() == 1 && VALUE.matcher(hosts.get(0)).matches();
  }
}

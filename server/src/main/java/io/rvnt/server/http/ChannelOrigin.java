package io.rvnt.server.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.rvnt.server.ratelimit.Origin;

/** The rate-limit origin of a connection, set once from its PROXY header; {@code direct} without one. */
final class ChannelOrigin {
  private static final AttributeKey<Origin> KEY = AttributeKey.valueOf(ChannelOrigin.class, "origin");

  private ChannelOrigin() {}

  static Origin of(Channel channel) {
    Origin origin = channel.attr(KEY).get();
    return origin == null ? Origin.direct() : origin;
  }

  static void set(Channel channel, Origin origin) {
    channel.attr(KEY).set(origin);
  }
}

package io.rvnt.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The PROXY protocol's version 1 line (haproxy proxy-protocol.txt §2.1), decoded strictly into Netty's
 * {@link HAProxyMessage}: {@code PROXY TCP4|TCP6 SRC DST SRCPORT DSTPORT\r\n}, single spaces, ports 0 to 65535 in
 * decimal without sign or leading zero, or {@code PROXY UNKNOWN} with anything up to the CRLF. Netty's own decoder
 * refuses port 0, which Tor sends as the source port of every circuit whose id is a multiple of 65,536 (spec §8).
 * Addresses are checked by {@link HAProxyMessage} for their family. On a violation the connection is closed and a
 * {@link HAProxyProtocolException} thrown, whose message never quotes the line (it holds a circuit id). Runs once,
 * then removes itself; the bytes after the line go on to the next handler.
 */
final class ProxyV1Decoder extends ByteToMessageDecoder {
  /** The longest line a receiver must support, CRLF included (§2.1: 107 characters, for {@code UNKNOWN}). */
  static final int MAX_LINE_BYTES = 107;

  private static final int HIGHEST_PORT = 65535;

  private final int maxLineBytes;
  private boolean done;

  ProxyV1Decoder() {
    this(MAX_LINE_BYTES);
  }

  ProxyV1Decoder(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    // One line, then the rest is HTTP: stop after it so that handlerRemoved hands the rest on untouched.
    setSingleDecode(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    super.channelRead(ctx, msg);
    if (done) {
      ctx.pipeline().remove(this);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int start = in.readerIndex();
    int searchable = Math.min(in.readableBytes(), maxLineBytes);
    for (int i = 0; i < searchable; i++) {
      byte b = in.getByte(start + i);
      if (b == '\r' && i + 1 < searchable) {
        if (in.getByte(start + i + 1) != '\n') {
          throw fail(ctx, in, "a CR that does not end the line");
        }
        String line = in.toString(start, i, StandardCharsets.US_ASCII);
        in.skipBytes(i + 2);
        done = true;
        out.add(parse(ctx, in, line));
        return;
      }
      if ((b < 0x20 || b > 0x7e) && b != '\r') {
        throw fail(ctx, in, "a control or non-ASCII byte before the CRLF");
      }
    }
    if (in.readableBytes() >= maxLineBytes) {
      throw fail(ctx, in, "no CRLF within " + maxLineBytes + " bytes");
    }
  }

  private HAProxyMessage parse(ChannelHandlerContext ctx, ByteBuf in, String line) {
    String[] fields = line.split(" ", -1);
    if (fields.length >= 2 && fields[0].equals("PROXY") && fields[1].equals("UNKNOWN")) {
      // §2.1: the receiver must ignore anything after UNKNOWN up to the CRLF.
      return new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY, HAProxyProxiedProtocol.UNKNOWN,
          null, null, 0, 0);
    }
    if (fields.length != 6 || !fields[0].equals("PROXY")) {
      throw fail(ctx, in, "not six fields after PROXY");
    }
    HAProxyProxiedProtocol protocol = switch (fields[1]) {
      case "TCP4" -> HAProxyProxiedProtocol.TCP4;
      case "TCP6" -> HAProxyProxiedProtocol.TCP6;
      default -> throw fail(ctx, in, "an unknown protocol");
    };
    int sourcePort = port(ctx, in, fields[4]);
    int destinationPort = port(ctx, in, fields[5]);
    try {
      return new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY, protocol,
          fields[2], fields[3], sourcePort, destinationPort);
    } catch (IllegalArgumentException e) {
      // Netty's message names the address: do not pass it on.
      throw fail(ctx, in, "an address that is not one of the protocol's family");
    }
  }

  /** §2.1: a decimal integer in [0..65535]; "heading zeroes are not permitted". */
  private int port(ChannelHandlerContext ctx, ByteBuf in, String field) {
    if (field.isEmpty() || field.length() > 5 || (field.length() > 1 && field.charAt(0) == '0')) {
      throw fail(ctx, in, "a malformed port");
    }
    int port = 0;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c < '0' || c > '9') {
        throw fail(ctx, in, "a malformed port");
      }
      port = port * 10 + (c - '0');
    }
    if (port > HIGHEST_PORT) {
      throw fail(ctx, in, "a port above " + HIGHEST_PORT);
    }
    return port;
  }

  /** Closes the connection at once (the spec's rule for a bad header) and discards what else arrives. */
  private HAProxyProtocolException fail(ChannelHandlerContext ctx, ByteBuf in, String what) {
    done = true;
    in.skipBytes(in.readableBytes());
    ctx.close();
    return new HAProxyProtocolException("PROXY v1 line with " + what);
  }
}

package io.rvnt.p2p.dns;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.resolver.dns.UnixResolverDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TXT lookups with Netty's DNS client, on an event loop, never blocking the caller. Asks one configured server, or
 * the system's ({@value #RESOLV_CONF}; never Netty's fallback to a public resolver when that names none). The query
 * asks for recursion, and an answer truncated over UDP is asked again over TCP (RFC 7766), so a full answer is read
 * and {@link DnsaddrLimits} judge its size. Only the answer section's TXT records are read. Thread-safe.
 */
public final class NettyTxtLookup implements TxtLookup, AutoCloseable {

  /** The DNS port (RFC 1035 section 4.2), used when a server is given without one. */
  public static final int DNS_PORT = 53;
  /** Where the system's DNS servers are listed (resolv.conf(5)). */
  static final String RESOLV_CONF = "/etc/resolv.conf";

  private final DnsNameResolver resolver;
  private final EventLoopGroup ownGroup;
  private final Duration timeout;

  private NettyTxtLookup(EventLoopGroup group, boolean owned, Optional<InetSocketAddress> server, Duration timeout) {
    this.timeout = timeout;
    this.ownGroup = owned ? group : null;
    this.resolver = new DnsNameResolverBuilder(group.next())
        .datagramChannelType(NioDatagramChannel.class)
        .socketChannelType(NioSocketChannel.class)
        .nameServerProvider(server.<DnsServerAddressStreamProvider>map(SingletonDnsServerAddressStreamProvider::new)
            .orElseGet(NettyTxtLookup::systemServers))
        .queryTimeoutMillis(timeout.toMillis())
        .recursionDesired(true)
        .build();
  }

  /** Lookups on {@code group} (NIO), which belongs to the caller and outlives this. */
  public static NettyTxtLookup on(EventLoopGroup group, Optional<InetSocketAddress> server, Duration timeout) {
    return new NettyTxtLookup(group, false, server, timeout);
  }

  /** Lookups on an event loop of their own, stopped by {@link #close()}: for commands that only resolve. */
  public static NettyTxtLookup standalone(Optional<InetSocketAddress> server, Duration timeout) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      return new NettyTxtLookup(group, true, server, timeout);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The servers resolv.conf names; refused when it names none, where Netty would fall back to Google's. */
  private static DnsServerAddressStreamProvider systemServers() {
    try {
      return new UnixResolverDnsServerAddressStreamProvider(RESOLV_CONF, null);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new DnsaddrException(DnsaddrException.Reason.LOOKUP_FAILED,
          RESOLV_CONF + " names no DNS server to ask: give one (--dns-server)", e);
    }
  }

  @Override
  public CompletableFuture<List<String>> txt(String name) {
    CompletableFuture<List<String>> result = new CompletableFuture<>();
    resolver.query(new DefaultDnsQuestion(name, DnsRecordType.TXT)).addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(failure(f.cause(), name));
        return;
      }
      @SuppressWarnings("unchecked")
      AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
          (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
      try {
        result.complete(records(envelope.content(), name));
      } catch (DnsaddrException e) {
        result.completeExceptionally(e);
      } finally {
        envelope.release();
      }
    });
    return result;
  }

  private static List<String> records(DnsResponse response, String name) {
    DnsResponseCode code = response.code();
    if (code.equals(DnsResponseCode.NXDOMAIN)) {
      return List.of();
    }
    if (!code.equals(DnsResponseCode.NOERROR)) {
      throw new DnsaddrException(DnsaddrException.Reason.LOOKUP_FAILED,
          "the DNS server answered " + code.toString() + " for " + name);
    }
    List<String> records = new ArrayList<>();
    for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
      DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
      if (record.type().equals(DnsRecordType.TXT) && record instanceof DnsRawRecord raw) {
        records.add(TxtData.decode(raw.content()));
      }
    }
    return records;
  }

  private DnsaddrException failure(Throwable cause, String name) {
    if (cause instanceof DnsNameResolverTimeoutException) {
      return new DnsaddrException(DnsaddrException.Reason.TIMEOUT,
          "no answer from the DNS server within " + timeout.toMillis() + " ms for " + name, cause);
    }
    return new DnsaddrException(DnsaddrException.Reason.LOOKUP_FAILED,
        "cannot ask the DNS server for " + name + ": " + cause.getMessage(), cause);
  }

  /**
   * Parses a DNS server given as {@code HOST[:PORT]}: an IP address (IPv6 in brackets when a port follows), port 53
   * by default. A name is refused: the server that resolves names cannot itself be found by name.
   */
  public static InetSocketAddress parseServer(String text) {
    String t = text.strip();
    String host = t;
    int port = DNS_PORT;
    int colon = t.lastIndexOf(':');
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close != t.length() - 1 && t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("not HOST:PORT: " + t);
      }
      host = t.substring(1, close);
      port = close == t.length() - 1 ? DNS_PORT : port(t.substring(close + 2));
    } else if (colon >= 0 && t.indexOf(':') == colon) {
      host = t.substring(0, colon);
      port = port(t.substring(colon + 1));
    }
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    if (ip == null) {
      throw new IllegalArgumentException("a DNS server is an IP address (with :PORT), not '" + host + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("an IP address of 4 or 16 bytes", e);
    }
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a DNS server port is 1 to 65535, not " + port);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + text, e);
    }
  }

  @Override
  public void close() {
    resolver.close();
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}

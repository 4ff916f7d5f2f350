package io.rvnt.app.identity;

import io.rvnt.app.CliException;
import io.rvnt.protocol.socks.Socks5;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The identity server to talk to, and the SOCKS proxy (Tor) to reach it through; shared by every subcommand. */
final class ServerOption {
  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "Identity server base URL, e.g. http://127.0.0.1:8080, https://id.example.org or "
          + "http://ADDRESS.onion (with --socks).")
  URI server;

  @Option(
      names = "--socks",
      paramLabel = "HOST:PORT",
      description = "Reach the server through this SOCKS 5 proxy, Tor's SocksPort (e.g. 127.0.0.1:9050); required "
          + "for .onion URLs. Each run uses a fresh random isolation key, so its own Tor circuit.")
  String socks;

  /** The proxy with a fresh isolation key, or null without {@code --socks}; a .onion URL without it is refused. */
  Socks5 socksOrNull() {
    String host = server.getHost();
    if (socks == null) {
      if (host != null && host.toLowerCase(Locale.ROOT).endsWith(".onion")) {
        throw new CliException("a .onion server is reachable only through Tor: add --socks HOST:PORT (Tor's "
            + "SocksPort, e.g. 127.0.0.1:9050)");
      }
      return null;
    }
    int colon = socks.lastIndexOf(':');
    int port;
    try {
      port = colon < 1 ? -1 : Integer.parseInt(socks.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535) {
      throw new CliException("bad --socks: expected HOST:PORT, e.g. 127.0.0.1:9050");
    }
    String proxyHost = socks.substring(0, colon);
    if (proxyHost.startsWith("[") && proxyHost.endsWith("]")) {
      proxyHost = proxyHost.substring(1, proxyHost.length() - 1);
    }
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    return new Socks5(InetSocketAddress.createUnresolved(proxyHost, port), HexFormat.of().formatHex(key));
  }
}

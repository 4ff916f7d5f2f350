package io.rvnt.app.dht;

import io.rvnt.app.CliException;
import io.rvnt.p2p.dns.NettyTxtLookup;
import java.net.InetSocketAddress;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dns-server HOST:PORT}: where {@code /dnsaddr} addresses are looked up, for every command taking them. */
public final class DnsServerOption {
  @Option(names = "--dns-server", paramLabel = "HOST:PORT",
      description = "DNS server (an IP address, port 53 by default) asked for the TXT records of /dnsaddr "
          + "addresses. Default: the system's (/etc/resolv.conf).")
  String server;

  /** The server given, or empty for the system's. */
  public Optional<InetSocketAddress> server() {
    if (server == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(NettyTxtLookup.parseServer(server));
    } catch (IllegalArgumentException e) {
      throw new CliException("--dns-server: " + e.getMessage(), e);
    }
  }
}

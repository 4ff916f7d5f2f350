package io.rvnt.app.dht;

import io.rvnt.app.CliException;
import io.rvnt.operator.OperatorException;
import io.rvnt.operator.dht.DnsaddrReport;
import io.rvnt.operator.dht.DnsaddrZone;
import io.rvnt.operator.dht.LiveDnsaddrCheck;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rvnt dht dnsaddr-records}: the zone lines that publish bootstrap nodes under a domain. */
@Command(
    name = "dnsaddr-records",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the DNS zone-file lines that publish bootstrap nodes under a domain (libp2p's dnsaddr: TXT records "
            + "'dnsaddr=MULTIADDR' at _dnsaddr.DOMAIN), ready to paste into the zone. Clients and bootstrap nodes "
            + "then find the nodes with /dnsaddr/DOMAIN.",
        "Each address needs its /p2p/PEER_ID part (as the node's 'listening on' lines print it); 0.0.0.0 and :: "
            + "are refused; loopback and private addresses are printed with a warning on stderr.",
        "With --check, asks DNS what it serves under the domain and adds the differences as zone-file comments "
            + "(';'); exit status 1 when DNS does not serve exactly these addresses."})
public final class DnsaddrRecordsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
      description = "The domain clients are given as /dnsaddr/DOMAIN, e.g. bootstrap.example.org.")
  String domain;

  @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "" + DnsaddrZone.DEFAULT_TTL,
      description = "TTL of the records (default: ${DEFAULT-VALUE}).")
  int ttl;

  @Option(names = "--check", description = "Also compare what DNS serves under the domain with these addresses.")
  boolean check;

  @Mixin DnsServerOption dns;

  @Parameters(arity = "1..*", paramLabel = "MULTIADDR", description = "The nodes' addresses, each with /p2p/PEER_ID.")
  List<String> addresses = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (dns.server != null && !check) {
      throw new CliException("--dns-server is for --check");
    }
    if (check) {
      dns.server(); // a bad server is refused before anything is printed
    }
    DnsaddrZone.Lines zone;
    try {
      zone = DnsaddrZone.of(domain, addresses, ttl);
    } catch (OperatorException e) {
      throw new CliException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    zone.warnings().forEach(w -> err.println("rvnt: warning: " + w));
    err.flush();
    zone.lines().forEach(out::println);
    out.flush();
    if (!check) {
      return 0;
    }
    DnsaddrReport report;
    try {
      report = new LiveDnsaddrCheck().check(domain, Optional.ofNullable(dns.server)
          .filter(s -> !s.isBlank()), addresses);
    } catch (OperatorException e) {
      throw new CliException("DNS check: " + e.getMessage(), e);
    }
    report.lines().forEach(l -> out.println("; " + l));
    out.flush();
    return report.matches() ? 0 : 1;
  }
}

package io.rvnt.operator.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsaddrReportTest {

  private static final String PEER = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";

  @Test
  void matchesWhenDnsServesExactlyTheRunningAddressesWhateverTheirSpelling() {
    DnsaddrReport report = DnsaddrReport.compare("boot.test",
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1/ipfs/" + PEER)),
        List.of(Multiaddr.parse(
            "/ip4/127.0.0.1/tcp/1/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe")));
    assertThat(report.matches()).as("/ipfs and /p2p, base58 and CID: one address").isTrue();
    assertThat(report.lines()).containsExactly(
        "DNS serves the 1 addresses of the running nodes under boot.test, and nothing else");
  }

  @Test
  void listsWhatDnsLacksAndWhatItServesInExcess() {
    DnsaddrReport report = DnsaddrReport.compare("boot.test",
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/2/p2p/" + PEER)),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + PEER)));
    assertThat(report.matches()).isFalse();
    assertThat(report.lines()).containsExactly("not in DNS: /ip4/127.0.0.1/tcp/1/p2p/" + PEER,
        "in DNS, but no running node has it: /ip4/127.0.0.1/tcp/2/p2p/" + PEER);
  }
}

package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.multiformats.Multiaddr;
import org.junit.jupiter.api.Test;

class DnsaddrRecordsTest {

  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  @Test
  void aZoneLineIsOneTxtRecordAtUnderscoreDnsaddr() {
    assertThat(DnsaddrRecords.zoneLine("Boot.Example.", Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER), 300))
        .isEqualTo("_dnsaddr.boot.example. 300 IN TXT \"dnsaddr=/ip4/1.2.3.4/tcp/4001/p2p/" + PEER + "\"");
  }

  @Test
  void textOver255BytesIsSplitIntoSeveralStrings() {
    String name = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".example";
    Multiaddr address = Multiaddr.parse("/dns4/" + name + "/tcp/4001/p2p/" + PEER);
    String line = DnsaddrRecords.zoneLine("boot.example", address, 60);
    String text = DnsaddrRecords.txt(address);
    assertThat(text.length()).as("the record needs two strings").isGreaterThan(255);
    assertThat(line).isEqualTo("_dnsaddr.boot.example. 60 IN TXT \"" + text.substring(0, 255) + "\" \""
        + text.substring(255) + "\"");
  }

  @Test
  void escapesQuotesBackslashesAndBytesOutsidePrintableAscii() {
    Multiaddr address = Multiaddr.parse("/dns4/a\"b\\c\u00e9/tcp/1");
    assertThat(DnsaddrRecords.zoneLine("boot.example", address, 300))
        .endsWith("\"dnsaddr=/dns4/a\\\"b\\\\c\\195\\169/tcp/1\"");
  }

  @Test
  void theLookupNameIsTheNormalizedDomainUnderUnderscoreDnsaddr() {
    assertThat(DnsaddrRecords.lookupName("RVNT.test.")).isEqualTo("_dnsaddr.rvnt.test");
    assertThatThrownBy(() -> DnsaddrRecords.lookupName("bücher.example"))
        .isInstanceOfSatisfying(DnsaddrException.class, e -> assertThat(e.getMessage()).contains("xn--"));
    assertThatThrownBy(() -> DnsaddrRecords.lookupName("x".repeat(250)))
        .isInstanceOfSatisfying(DnsaddrException.class, e -> assertThat(e.getMessage()).contains("too long"));
  }
}

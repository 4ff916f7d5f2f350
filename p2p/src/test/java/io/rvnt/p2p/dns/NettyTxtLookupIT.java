package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.testsupport.Dnsmasq;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Netty's DNS client against a real DNS server on loopback (dnsmasq), and against one that never answers. */
class NettyTxtLookupIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void readsEveryTxtRecordOfANameWithLongTextJoinedFromItsStrings() throws Exception {
    String longText = "dnsaddr=/dns4/" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "."
        + "d".repeat(60) + ".test/tcp/1";
    Map<String, List<String>> records = new LinkedHashMap<>();
    records.put("_dnsaddr.boot.rvnt.test", List.of("dnsaddr=/ip4/127.0.0.1/tcp/1", longText));
    try (Dnsmasq dns = Dnsmasq.serving(records);
        NettyTxtLookup lookup = NettyTxtLookup.standalone(Optional.of(dns.address()), TIMEOUT)) {
      assertThat(lookup.txt("_dnsaddr.boot.rvnt.test").get(30, TimeUnit.SECONDS))
          .as("both records; the one over 255 bytes joined from its two strings")
          .containsExactlyInAnyOrder("dnsaddr=/ip4/127.0.0.1/tcp/1", longText);
      assertThat(lookup.txt("_dnsaddr.missing.rvnt.test").get(30, TimeUnit.SECONDS))
          .as("a name that does not exist has no records").isEmpty();
    }
  }

  @Test
  void anAnswerTooLargeForUdpIsReadOverTcp() throws Exception {
    List<String> many = IntStream.range(0, 60)
        .mapToObj(i -> "dnsaddr=/ip4/127.0.0.1/tcp/" + (4000 + i) + "/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7Eq")
        .toList();
    try (Dnsmasq dns = Dnsmasq.serving(Map.of("_dnsaddr.big.rvnt.test", many));
        NettyTxtLookup lookup = NettyTxtLookup.standalone(Optional.of(dns.address()), TIMEOUT)) {
      assertThat(lookup.txt("_dnsaddr.big.rvnt.test").get(30, TimeUnit.SECONDS))
          .as("60 records of about 90 bytes: more than a UDP answer holds, all read")
          .containsExactlyInAnyOrderElementsOf(many);
    }
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        NettyTxtLookup lookup = NettyTxtLookup.standalone(
            Optional.of((InetSocketAddress) silent.getLocalSocketAddress()), Duration.ofMillis(500))) {
      assertThatThrownBy(() -> lookup.txt("_dnsaddr.boot.rvnt.test").get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(DnsaddrException.class, e -> {
            assertThat(e.reason()).isEqualTo(DnsaddrException.Reason.TIMEOUT);
            assertThat(e.getMessage()).isEqualTo(
                "no answer from the DNS server within 500 ms for _dnsaddr.boot.rvnt.test");
          });
    }
  }
}

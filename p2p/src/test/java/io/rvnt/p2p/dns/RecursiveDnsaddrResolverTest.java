package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecursiveDnsaddrResolverTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String A = peer();
  private static final String B = peer();

  private static String peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()).toBase58();
  }

  private static List<Multiaddr> resolve(FakeTxt txt, DnsaddrLimits limits, String address) throws Exception {
    return new RecursiveDnsaddrResolver(txt, limits).resolve(Multiaddr.parse(address)).get(5, TimeUnit.SECONDS);
  }

  private static List<Multiaddr> resolve(FakeTxt txt, String address) throws Exception {
    return resolve(txt, DnsaddrLimits.DEFAULTS, address);
  }

  private static void assertRefused(FakeTxt txt, DnsaddrLimits limits, String address,
      DnsaddrException.Reason reason, String message) {
    CompletableFuture<List<Multiaddr>> result =
        new RecursiveDnsaddrResolver(txt, limits).resolve(Multiaddr.parse(address));
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOfSatisfying(DnsaddrException.class, e -> {
          assertThat(e.reason()).as("reason").isEqualTo(reason);
          assertThat(e.getMessage()).as("a message naming the rule").contains(message);
        });
  }

  private static List<String> texts(List<Multiaddr> addresses) {
    return addresses.stream().map(Multiaddr::toString).toList();
  }

  @Test
  void anAddressThatIsNotDnsaddrIsItselfWithoutALookup() throws Exception {
    FakeTxt txt = new FakeTxt();
    assertThat(texts(resolve(txt, "/ip4/1.2.3.4/tcp/1/p2p/" + A))).containsExactly("/ip4/1.2.3.4/tcp/1/p2p/" + A);
    assertThat(txt.asked()).isEmpty();
  }

  @Test
  void readsTheDnsaddrRecordsAtUnderscoreDnsaddrInTheirOrder() throws Exception {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.boot.example",
        "dnsaddr=/ip4/1.2.3.4/tcp/4001/p2p/" + A,
        "v=spf1 -all",
        "dnsaddr=/ip4/1.2.3.5/udp/4001/quic-v1/p2p/" + B,
        "dnsaddr=/ip4/1.2.3.4/tcp/4001/p2p/" + A);
    assertThat(texts(resolve(txt, "/dnsaddr/Boot.Example.")))
        .as("other TXT records ignored, duplicates dropped, the domain compared in lower case without the dot")
        .containsExactly("/ip4/1.2.3.4/tcp/4001/p2p/" + A, "/ip4/1.2.3.5/udp/4001/quic-v1/p2p/" + B);
    assertThat(txt.asked()).containsExactly("_dnsaddr.boot.example");
  }

  @Test
  void keepsOnlyTheRecordsOfThePeerIdAsked() throws Exception {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.boot.example",
        "dnsaddr=/ip4/1.2.3.4/tcp/4001/p2p/" + A, "dnsaddr=/ip4/1.2.3.5/tcp/4001/p2p/" + B,
        "dnsaddr=/ip4/1.2.3.6/tcp/4001");
    assertThat(texts(resolve(txt, "/dnsaddr/boot.example/p2p/" + B)))
        .containsExactly("/ip4/1.2.3.5/tcp/4001/p2p/" + B);
  }

  @Test
  void followsNestedDnsaddrRecordsFilteredByTheirOwnPeerId() throws Exception {
    FakeTxt txt = new FakeTxt()
        .with("_dnsaddr.boot.example", "dnsaddr=/dnsaddr/a.boot.example/p2p/" + A, "dnsaddr=/dnsaddr/b.boot.example")
        .with("_dnsaddr.a.boot.example", "dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/" + A, "dnsaddr=/ip4/1.2.3.9/tcp/1/p2p/" + B)
        .with("_dnsaddr.b.boot.example", "dnsaddr=/ip4/1.2.3.5/tcp/1/p2p/" + B);
    assertThat(texts(resolve(txt, "/dnsaddr/boot.example")))
        .as("a's record of another peer is dropped: the nested record asked for A")
        .containsExactly("/ip4/1.2.3.4/tcp/1/p2p/" + A, "/ip4/1.2.3.5/tcp/1/p2p/" + B);
  }

  @Test
  void aDomainThatIsReachedTwiceOffItsOwnChainIsNoLoop() throws Exception {
    FakeTxt txt = new FakeTxt()
        .with("_dnsaddr.boot.example", "dnsaddr=/dnsaddr/x.example", "dnsaddr=/dnsaddr/y.example")
        .with("_dnsaddr.x.example", "dnsaddr=/dnsaddr/shared.example")
        .with("_dnsaddr.y.example", "dnsaddr=/dnsaddr/shared.example")
        .with("_dnsaddr.shared.example", "dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/" + A);
    assertThat(texts(resolve(txt, "/dnsaddr/boot.example"))).containsExactly("/ip4/1.2.3.4/tcp/1/p2p/" + A);
  }

  @Test
  void refusesALoop() {
    FakeTxt txt = new FakeTxt()
        .with("_dnsaddr.a.example", "dnsaddr=/dnsaddr/b.example")
        .with("_dnsaddr.b.example", "dnsaddr=/dnsaddr/A.example.");
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/a.example", DnsaddrException.Reason.LOOP,
        "dnsaddr records loop: a.example -> b.example -> a.example");
  }

  @Test
  void refusesAChainDeeperThanTheLimit() throws Exception {
    FakeTxt txt = new FakeTxt();
    for (int i = 1; i < 5; i++) {
      txt.with("_dnsaddr.d" + i + ".example", "dnsaddr=/dnsaddr/d" + (i + 1) + ".example");
    }
    txt.with("_dnsaddr.d5.example", "dnsaddr=/ip4/1.2.3.4/tcp/1/p2p/" + A);
    assertThat(resolve(txt, DnsaddrLimits.DEFAULTS.withMaxDepth(5), "/dnsaddr/d1.example"))
        .as("five lookups deep is within a limit of 5").hasSize(1);
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/d1.example", DnsaddrException.Reason.TOO_DEEP,
        "the dnsaddr records of d1.example nest deeper than 4 lookups (at d5.example)");
  }

  @Test
  void refusesMoreLookupsThanTheLimit() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.wide.example",
        IntStream.range(0, 5).mapToObj(i -> "dnsaddr=/dnsaddr/n" + i + ".example").toArray(String[]::new));
    assertRefused(txt, DnsaddrLimits.DEFAULTS.withMaxLookups(5), "/dnsaddr/wide.example",
        DnsaddrException.Reason.TOO_MANY_LOOKUPS, "resolving wide.example takes more than 5 DNS lookups");
  }

  @Test
  void refusesAnAnswerWithMoreRecordsThanTheLimit() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.big.example", IntStream.range(0, 33)
        .mapToObj(i -> "dnsaddr=/ip4/1.2.3.4/tcp/" + (i + 1) + "/p2p/" + A).toArray(String[]::new));
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/big.example", DnsaddrException.Reason.OVERSIZED_ANSWER,
        "the TXT answer for _dnsaddr.big.example has 33 records, more than 32");
  }

  @Test
  void refusesAnAnswerWithMoreTextThanTheLimit() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.big.example", "dnsaddr=/dns4/" + "a".repeat(60) + ".example/tcp/1");
    assertRefused(txt, DnsaddrLimits.DEFAULTS.withMaxAnswerBytes(50), "/dnsaddr/big.example",
        DnsaddrException.Reason.OVERSIZED_ANSWER, "has 88 bytes of text, more than 50");
  }

  @Test
  void refusesMoreAddressesThanTheLimit() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.many.example", IntStream.range(0, 4)
        .mapToObj(i -> "dnsaddr=/ip4/1.2.3.4/tcp/" + (i + 1)).toArray(String[]::new));
    assertRefused(txt, DnsaddrLimits.DEFAULTS.withMaxAddresses(3), "/dnsaddr/many.example",
        DnsaddrException.Reason.TOO_MANY_ADDRESSES, "many.example lists more than 3 addresses");
  }

  @Test
  void saysSoWhenTheDomainHasNoDnsaddrRecord() {
    assertRefused(new FakeTxt().with("_dnsaddr.none.example", "v=spf1 -all", "dnsaddr=/ip4/1.2.3"),
        DnsaddrLimits.DEFAULTS, "/dnsaddr/none.example", DnsaddrException.Reason.NO_RECORDS,
        "no usable dnsaddr record at _dnsaddr.none.example (1 not a multiaddr this resolver reads)");
  }

  @Test
  void saysSoWhenNoRecordCarriesThePeerIdAsked() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.boot.example", "dnsaddr=/ip4/1.2.3.4/tcp/4001/p2p/" + A);
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/boot.example/p2p/" + B,
        DnsaddrException.Reason.PEER_ID_MISMATCH,
        "none of the 1 dnsaddr records under boot.example carries the /p2p id asked for");
  }

  @Test
  void skipsRecordsWithDnsaddrElsewhereThanFirst() {
    FakeTxt txt = new FakeTxt().with("_dnsaddr.odd.example", "dnsaddr=/ip4/1.2.3.4/tcp/1/dnsaddr/x.example",
        "dnsaddr=/dnsaddr/x.example/tcp/1");
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/odd.example", DnsaddrException.Reason.NO_RECORDS,
        "(2 not a multiaddr this resolver reads)");
  }

  @Test
  void refusesAddressesItCannotExpand() {
    FakeTxt txt = new FakeTxt();
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/boot.example/tcp/1", DnsaddrException.Reason.INVALID_ADDRESS,
        "only /p2p/PEER_ID may follow /dnsaddr/DOMAIN");
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/ip4/1.2.3.4/dnsaddr/boot.example",
        DnsaddrException.Reason.INVALID_ADDRESS, "a /dnsaddr component must come first");
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/" + "a".repeat(64) + ".example",
        DnsaddrException.Reason.INVALID_ADDRESS, "labels have 1 to 63 characters");
    assertRefused(txt, DnsaddrLimits.DEFAULTS, "/dnsaddr/bo..example", DnsaddrException.Reason.INVALID_ADDRESS,
        "not a DNS name");
    assertThat(txt.asked()).as("nothing looked up for an address refused").isEmpty();
  }

  @Test
  void aFailedLookupFailsTheResolutionWithItsReason() {
    TxtLookup failing = name -> CompletableFuture.failedFuture(
        new DnsaddrException(DnsaddrException.Reason.TIMEOUT, "no answer for " + name));
    CompletableFuture<List<Multiaddr>> result = new RecursiveDnsaddrResolver(failing, DnsaddrLimits.DEFAULTS)
        .resolve(Multiaddr.parse("/dnsaddr/boot.example"));
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(DnsaddrException.class,
            e -> assertThat(e.reason()).isEqualTo(DnsaddrException.Reason.TIMEOUT));
  }

  @Test
  void limitsAreCheckedWhenMade() {
    assertThatThrownBy(() -> DnsaddrLimits.DEFAULTS.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsaddrLimits.DEFAULTS.withTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

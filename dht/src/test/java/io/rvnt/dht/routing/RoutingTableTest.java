package io.rvnt.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  }

  @Test
  void neverAddsTheLocalPeer() {
    PeerId self = peer();
    RoutingTable table = new RoutingTable(self, 20);
    assertThat(table.offer(new PeerInfo(self, List.of()), NOW)).isInstanceOf(RoutingTable.Offer.Self.class);
    assertThat(table.size()).isZero();
  }

  @Test
  void aFullBucketAsksForALivenessCheckOfItsOldestEntryInsteadOfEvictingIt() {
    RoutingTable table = new RoutingTable(peer(), 2);
    List<PeerId> inBucketZero = new ArrayList<>();
    // Bucket 0 holds the half of the key space that differs in the first bit: about every other peer.
    for (int i = 0; i < 200 && inBucketZero.size() < 3; i++) {
      PeerId p = peer();
      if (table.localKey().commonPrefixLength(Key.of(p)) == 0) {
        inBucketZero.add(p);
      }
    }
    assertThat(table.offer(new PeerInfo(inBucketZero.get(0), List.of()), NOW))
        .isInstanceOf(RoutingTable.Offer.Added.class);
    table.offer(new PeerInfo(inBucketZero.get(1), List.of()), NOW.plusSeconds(1));
    RoutingTable.Offer full = table.offer(new PeerInfo(inBucketZero.get(2), List.of()), NOW.plusSeconds(2));
    assertThat(full).isInstanceOf(RoutingTable.Offer.BucketFull.class);
    assertThat(((RoutingTable.Offer.BucketFull) full).oldest().peer().id())
        .as("the least recently seen entry is the one to check").isEqualTo(inBucketZero.get(0));
    assertThat(table.find(inBucketZero.get(2))).as("the newcomer waits for the check").isEmpty();

    assertThat(table.replace(inBucketZero.get(0), new PeerInfo(inBucketZero.get(2), List.of()), NOW))
        .as("a dead oldest entry is replaced").isTrue();
    assertThat(table.find(inBucketZero.get(0))).isEmpty();
    assertThat(table.find(inBucketZero.get(2))).isPresent();
  }

  @Test
  void closestReturnsPeersInXorDistanceOrder() {
    RoutingTable table = new RoutingTable(peer(), 20);
    List<PeerId> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      PeerId p = peer();
      if (table.offer(new PeerInfo(p, List.of()), NOW) instanceof RoutingTable.Offer.Added) {
        all.add(p);
      }
    }
    Key target = Key.of(new byte[] {1, 2, 3});
    List<PeerId> expected = all.stream().sorted(Comparator.comparing(Key::of, target::compareDistance)).limit(20)
        .toList();
    assertThat(table.closest(target, 20).stream().map(PeerInfo::id).toList()).containsExactlyElementsOf(expected);
  }

  @Test
  void aRandomKeyForABucketSharesExactlyThatPrefix() {
    Key local = Key.of(new byte[] {9});
    Random random = new Random(1);
    for (int prefix = 0; prefix < 40; prefix++) {
      assertThat(local.commonPrefixLength(local.randomAtPrefix(prefix, random))).isEqualTo(prefix);
    }
  }
}

package io.rvnt.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TorrcsTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final List<Torrcs.Authority> AUTHORITIES = List.of(
      new Torrcs.Authority("a1", 5001, 5002, new NodeKeys("AAAA", Optional.of("V1"))),
      new Torrcs.Authority("a2", 5003, 5004, new NodeKeys("BBBB", Optional.of("V2"))));
  private final Torrcs torrcs = new Torrcs(AUTHORITIES, 42);

  @Test
  void everyNodeNamesEveryAuthorityAndExitsWithItsOwner() {
    String relay = torrcs.relay("r1", Path.of("/tmp/r1"), 6001);
    assertThat(relay.lines()).as("the private network's authorities, not Tor's")
        .contains("DirAuthority a1 orport=5001 no-v2 v3ident=V1 127.0.0.1:5002 AAAA",
            "DirAuthority a2 orport=5003 no-v2 v3ident=V2 127.0.0.1:5004 BBBB")
        .as("tor exits when the process that started it dies").contains("__OwningControllerProcess 42")
        .contains("TestingTorNetwork 1");
  }

  @Test
  void relaysBindLoopbackOnlyAndServeNoDirectoryData() {
    assertThat(torrcs.relay("r1", Path.of("/tmp/r1"), 6001).lines())
        .as("a bare port would bind every interface").contains("ORPort 127.0.0.1:6001")
        .as("directory caches answered 404 for fresh relays").contains("DirCache 0", "ExitPolicy reject *:*");
  }

  @Test
  void theClientIsolatesCircuitsBySocksCredentialsWithExtendedErrors() {
    assertThat(torrcs.client(Path.of("/tmp/c"), 9050).lines())
        .contains("SocksPort 127.0.0.1:9050 ExtendedErrors IsolateSOCKSAuth", "VanguardsLiteEnabled 0",
            "ConfluxEnabled 0");
  }

  @Test
  void theServiceWritesEachOnionServiceUnderItsOwnFolder() {
    String service = torrcs.service(Path.of("/tmp/s"), List.of(OnionService.plain("echo", 7000, 8000)));
    assertThat(service.lines()).containsSubsequence("HiddenServiceDir /tmp/s/onion/echo", "HiddenServiceVersion 3",
        "HiddenServicePort 7000 127.0.0.1:8000").contains("SocksPort 0");
  }

  @Test
  void theBandwidthFileGivesEveryRelayOneEqualWeight() {
    assertThat(Torrcs.bandwidthFile(List.of("AAAA", "BBBB"), NOW))
        .as("dir-spec bandwidth file 1.0.0: a timestamp line, then one line per relay")
        .isEqualTo("1800000000\nnode_id=$AAAA bw=1000\nnode_id=$BBBB bw=1000\n");
  }

  @Test
  void theFirstVoteComesOnlyAfterTheRelaysHadTimeToRegister() {
    for (long second = 0; second < Torrcs.INITIAL_VOTING_INTERVAL; second++) {
      Instant now = NOW.plusSeconds(second);
      int offset = Torrcs.votingStartOffset(now);
      // A consensus is valid from a round boundary; its vote is the vote and distribution delays (2 s + 2 s) before.
      long firstVote = now.getEpochSecond() + Torrcs.FIRST_VOTE_AFTER;
      assertThat(Math.floorMod(firstVote + 4 - offset, Torrcs.INITIAL_VOTING_INTERVAL))
          .as("a round boundary lies %d s from now, so the relays register before the first vote",
              Torrcs.FIRST_VOTE_AFTER + 4)
          .isZero();
      assertThat(offset).isBetween(0, Torrcs.INITIAL_VOTING_INTERVAL - 1);
    }
  }
}

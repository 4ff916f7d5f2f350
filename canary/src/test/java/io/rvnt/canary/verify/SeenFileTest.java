package io.rvnt.canary.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.openpgp.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenFileTest {
  private static final Fingerprint KEY = new Fingerprint("0AC2128BEABC648B140B4E24005DE4929D139104");
  private static final Fingerprint OTHER = new Fingerprint("B6E521F761F0A2E111E4A1C745A5C590FA4DAB91");

  @TempDir Path temp;

  @Test
  void remembersTheNewestCanaryPerKeyAcrossInstances() throws Exception {
    Path file = temp.resolve("state/canary-seen");
    new SeenFile(file).record(KEY, seen(3));
    new SeenFile(file).record(OTHER, seen(9));

    assertThat(new SeenFile(file).lastSeen(KEY)).contains(seen(3));
    assertThat(new SeenFile(file).lastSeen(OTHER)).contains(seen(9));
  }

  @Test
  void neverGoesBackToALowerSequenceNumber() throws Exception {
    SeenFile state = new SeenFile(temp.resolve("canary-seen"));
    state.record(KEY, seen(5));
    state.record(KEY, seen(4));

    assertThat(state.lastSeen(KEY)).as("forgetting 5 would let canary 4 be replayed").contains(seen(5));
  }

  @Test
  void knowsNothingBeforeTheFirstCheck() throws Exception {
    assertThat(new SeenFile(temp.resolve("absent")).lastSeen(KEY)).isEmpty();
  }

  @Test
  void refusesADamagedFileRatherThanStartingAfresh() throws Exception {
    Path file = temp.resolve("canary-seen");
    Files.writeString(file, KEY.hex() + " seven abc\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> new SeenFile(file).lastSeen(KEY))
        .isInstanceOf(CanaryException.class)
        .hasMessageContaining("line 1 is damaged");
  }

  private static Seen seen(long sequence) {
    return Seen.of(sequence, ("canary " + sequence).getBytes(StandardCharsets.UTF_8));
  }
}

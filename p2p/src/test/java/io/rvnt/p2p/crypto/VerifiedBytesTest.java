package io.rvnt.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bounded memory of verified credentials that the TLS and Noise handshakes share. */
class VerifiedBytesTest {

  @Test
  void keepsAtMostItsCapacityEvictingTheLeastRecentlyUsed() {
    VerifiedBytes<String> cache = new VerifiedBytes<>(2);
    cache.put(new byte[] {1}, "one");
    cache.put(new byte[] {2}, "two");
    cache.get(new byte[] {1});
    cache.put(new byte[] {3}, "three");

    assertThat(cache.size()).as("bounded by its capacity").isEqualTo(2);
    assertThat(cache.get(new byte[] {2})).as("the least recently used entry went first").isNull();
    assertThat(cache.get(new byte[] {1})).as("a recently used entry stays").isEqualTo("one");
  }

  @Test
  void answersOnlyForTheVerySameBytes() {
    VerifiedBytes<String> cache = new VerifiedBytes<>(4);
    cache.put(new byte[] {1, 2, 3}, "proved");

    assertThat(cache.get(new byte[] {1, 2, 3})).as("equal bytes in another array").isEqualTo("proved");
    assertThat(cache.get(new byte[] {1, 2, 4})).as("one byte changed").isNull();
    assertThat(cache.get(new byte[] {1, 2})).as("a prefix").isNull();
    assertThat(cache.get(new byte[] {1, 2, 3, 0})).as("the bytes and one more").isNull();
  }

  @Test
  void keepsACopySoTheCallerCannotChangeAKeyAfterwards() {
    VerifiedBytes<String> cache = new VerifiedBytes<>(4);
    byte[] bytes = {7, 7};
    cache.put(bytes, "proved");
    bytes[0] = 8;

    assertThat(cache.get(new byte[] {8, 7})).as("the changed array was never checked").isNull();
    assertThat(cache.get(new byte[] {7, 7})).as("what was checked is still known").isEqualTo("proved");
  }

  @Test
  void aCapacityOfZeroRemembersNothing() {
    VerifiedBytes<String> cache = new VerifiedBytes<>(0);
    cache.put(new byte[] {1}, "proved");

    assertThat(cache.get(new byte[] {1})).as("0 turns the cache off").isNull();
    assertThat(cache.size()).as("nothing kept").isZero();
  }

  @Test
  void aNegativeCapacityIsRefused() {
    assertThatThrownBy(() -> new VerifiedBytes<String>(-1)).as("a negative capacity is refused")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }
}

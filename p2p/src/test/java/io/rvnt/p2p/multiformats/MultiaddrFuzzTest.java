package io.rvnt.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Multiaddrs from peers (binary) and from operators' files and DNS (text), FUZZING.md: a typed {@link
 * MultiformatException}, or an address that re-encodes to the same bytes (binary) or to text that parses back to it.
 */
class MultiaddrFuzzTest {

  @FuzzTest
  void binaryIsTypedErrorOrReEncodesToTheSameBytes(byte[] bytes) {
    Multiaddr address;
    try {
      address = Multiaddr.decode(bytes);
    } catch (MultiformatException expected) {
      return;
    }
    assertThat(address.bytes()).as("a decoded multiaddr re-encodes to its bytes").isEqualTo(bytes);
    assertThat(Multiaddr.parse(address.toString())).as("its text parses back to it").isEqualTo(address);
  }

  @FuzzTest
  void textIsTypedErrorOrRoundTrips(byte[] utf8) {
    String text = new String(utf8, StandardCharsets.UTF_8);
    Multiaddr address;
    try {
      address = Multiaddr.parse(text);
    } catch (MultiformatException expected) {
      return;
    }
    assertThat(Multiaddr.decode(address.bytes())).as("its bytes decode back to it").isEqualTo(address);
    assertThat(Multiaddr.parse(address.toString())).as("its text parses back to it").isEqualTo(address);
  }
}

package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoiseXXTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static NoiseXX side(boolean initiator) {
    return new NoiseXX(initiator, new X25519PrivateKeyParameters(RANDOM), RANDOM, ChaChaPoly.preferred());
  }

  /** Every pairing of the two ChaCha20-Poly1305 implementations: each side may run either. */
  static Stream<Arguments> pairings() {
    ChaChaPoly conscrypt = ChaChaPoly.conscrypt().orElseThrow();
    return Stream.of(Arguments.of(ChaChaPoly.JDK, ChaChaPoly.JDK), Arguments.of(ChaChaPoly.JDK, conscrypt),
        Arguments.of(conscrypt, ChaChaPoly.JDK), Arguments.of(conscrypt, conscrypt));
  }

  @ParameterizedTest(name = "initiator {0}, responder {1}")
  @MethodSource("pairings")
  void bothSidesDeriveMatchingCiphersAndLearnTheStaticKeys(ChaChaPoly initiatorAead, ChaChaPoly responderAead) {
    X25519PrivateKeyParameters is = new X25519PrivateKeyParameters(RANDOM);
    X25519PrivateKeyParameters rs = new X25519PrivateKeyParameters(RANDOM);
    NoiseXX i = new NoiseXX(true, is, RANDOM, initiatorAead);
    NoiseXX r = new NoiseXX(false, rs, RANDOM, responderAead);
    assertThat(r.readMessage(i.writeMessage(new byte[0]))).isEmpty();
    byte[] p2 = "responder".getBytes(StandardCharsets.UTF_8);
    assertThat(i.readMessage(r.writeMessage(p2))).isEqualTo(p2);
    byte[] p3 = "initiator".getBytes(StandardCharsets.UTF_8);
    assertThat(r.readMessage(i.writeMessage(p3))).isEqualTo(p3);
    assertThat(i.remoteStatic()).isEqualTo(rs.generatePublicKey().getEncoded());
    assertThat(r.remoteStatic()).isEqualTo(is.generatePublicKey().getEncoded());

    NoiseCipher[] ic = i.split();
    NoiseCipher[] rc = r.split();
    for (int n = 0; n < 3; n++) {
      byte[] buf = Arrays.copyOf("frame".getBytes(StandardCharsets.UTF_8), 5 + NoiseCipher.TAG);
      int length = ic[0].encrypt(null, buf, 0, 5);
      assertThat(rc[1].decrypt(null, buf, 0, length)).as("nonces advance together").isEqualTo(5);
      assertThat(new String(buf, 0, 5, StandardCharsets.UTF_8)).isEqualTo("frame");
    }
  }

  @Test
  void aReplayedTransportFrameFailsAuthentication() {
    NoiseXX i = side(true);
    NoiseXX r = side(false);
    r.readMessage(i.writeMessage(new byte[0]));
    i.readMessage(r.writeMessage(new byte[0]));
    r.readMessage(i.writeMessage(new byte[0]));
    NoiseCipher[] ic = i.split();
    NoiseCipher[] rc = r.split();
    byte[] frame = new byte[4 + NoiseCipher.TAG];
    int length = ic[0].encrypt(null, frame, 0, 4);
    byte[] copy = frame.clone();
    rc[1].decrypt(null, frame, 0, length);
    assertThatThrownBy(() -> rc[1].decrypt(null, copy, 0, length)).isInstanceOf(P2pException.class);
  }

  @Test
  void refusesMessagesOutOfTurn() {
    NoiseXX r = side(false);
    assertThatThrownBy(() -> r.writeMessage(new byte[0])).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void refusesATruncatedSecondMessage() {
    NoiseXX i = side(true);
    i.writeMessage(new byte[0]);
    assertThatThrownBy(() -> i.readMessage(new byte[40])).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED));
  }

  @Test
  void refusesALowOrderEphemeralKey() {
    NoiseXX i = side(true);
    NoiseXX r = side(false);
    r.readMessage(new byte[32]); // the all-zero point
    assertThatThrownBy(() -> r.writeMessage(new byte[0])).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED));
    assertThat(i.isComplete()).isFalse();
  }
}

package io.rvnt.p2p.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.ssl.util.LazyX509Certificate;
import io.rvnt.p2p.crypto.PeerId;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The certificate a QUIC peer presents, with its libp2p Public Key Extension (FUZZING.md): a typed {@link
 * TlsHandshakeException}, or a PeerId that carries its public key, as the verifier only accepts Ed25519 host keys.
 */
class CertificateFuzzTest {
  /** The seeds were made at {@link TestCertificates#NOW}; the fuzzer must not find "expired" at every try. */
  private static final CertificateVerifier VERIFIER =
      new CertificateVerifier(Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC));

  @FuzzTest
  void verifyIsTypedErrorOrAPeerIdWithItsKey(byte[] der) {
    PeerId peer;
    try {
      peer = VERIFIER.verify(new X509Certificate[] {new LazyX509Certificate(der)});
    } catch (TlsHandshakeException expected) {
      assertThat(expected.reason()).isNotNull();
      return;
    }
    assertThat(peer.publicKey()).as("an accepted certificate names an Ed25519 host key").isPresent();
    assertThat(PeerId.fromBytes(peer.bytes())).isEqualTo(peer);
  }
}

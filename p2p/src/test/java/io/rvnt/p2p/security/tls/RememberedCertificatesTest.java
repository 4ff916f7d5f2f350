package io.rvnt.p2p.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.util.LazyX509Certificate;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import io.rvnt.testsupport.MutableClock;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The verified-certificate cache of {@link CertificateVerifier}: it saves work and never a check. */
class RememberedCertificatesTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivKey hostKey = Keys.generateEd25519(RANDOM);
  private final MutableClock clock = new MutableClock(TestCertificates.NOW);

  @Test
  void aRememberedCertificateIsStillRefusedOnceItExpires() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .validity(TestCertificates.NOW.minusSeconds(60), TestCertificates.NOW.plusSeconds(60)).build();
    CertificateVerifier verifier = new CertificateVerifier(clock, 16);
    assertThat(verifier.verify(new X509Certificate[] {certificate})).as("valid now")
        .isEqualTo(PeerId.fromPublicKey(hostKey.publicKey()));

    clock.advance(Duration.ofSeconds(61));

    assertThatThrownBy(() -> verifier.verify(new X509Certificate[] {certificate}))
        .as("the validity period is checked on every use, remembered or not")
        .isInstanceOfSatisfying(TlsHandshakeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void aRememberedCertificateIsStillRefusedBeforeItsValidityStarts() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .validity(TestCertificates.NOW, TestCertificates.NOW.plusSeconds(3600)).build();
    CertificateVerifier verifier = new CertificateVerifier(clock, 16);
    verifier.verify(new X509Certificate[] {certificate});

    clock.set(TestCertificates.NOW.minusSeconds(1));

    assertThatThrownBy(() -> verifier.verify(new X509Certificate[] {certificate}))
        .as("a clock set back makes a remembered certificate not yet valid again")
        .isInstanceOfSatisfying(TlsHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
  }

  @Test
  void oneChangedByteAfterAVerifiedCertificateIsVerifiedInFull() throws Exception {
    byte[] der = TestCertificates.forHost(hostKey).buildEncoded();
    CertificateVerifier verifier = new CertificateVerifier(clock, 16);
    verifier.verify(new X509Certificate[] {new LazyX509Certificate(der)});
    byte[] tampered = der.clone();
    tampered[tampered.length - 1] ^= 1; // the last byte of the self-signature

    assertThatThrownBy(() -> verifier.verify(new X509Certificate[] {new LazyX509Certificate(tampered)}))
        .as("the cache is keyed by the full bytes: a certificate differing in one byte is checked in full")
        .isInstanceOf(TlsHandshakeException.class);
  }

  @Test
  void aRefusedCertificateIsNeverRemembered() throws Exception {
    X509Certificate certificate =
        TestCertificates.forHost(hostKey).signedBy(TestCertificates.p256()).build();
    CertificateVerifier verifier = new CertificateVerifier(clock, 16);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> verifier.verify(new X509Certificate[] {certificate}))
          .as("refused on every attempt, attempt " + attempt)
          .isInstanceOfSatisfying(TlsHandshakeException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SELF_SIGNATURE));
    }
  }
}

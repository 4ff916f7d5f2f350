package io.rvnt.p2p.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.security.tls.TlsIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The one certificate of a QUIC transport, and the refusal of an engine before any handshake crypto. */
class LocalCertificateTest {

  private final TlsIdentity identity =
      TlsIdentity.create(Keys.generateEd25519(new SecureRandom()), Clock.systemUTC(), TlsIdentity.DEFAULT_VALIDITY);
  private final Set<SSLEngine> refused = ConcurrentHashMap.newKeySet();
  private final LocalCertificate certificate = new LocalCertificate(identity, refused::contains);

  @Test
  void answersEveryHandshakeWithTheLibp2pCertificateAndItsKey() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine();

    String alias = certificate.chooseEngineServerAlias("EC", null, engine);

    assertThat(alias).as("the P-256 certificate serves EC handshakes").isNotNull();
    assertThat(certificate.getCertificateChain(alias)).containsExactly(identity.certificate());
    assertThat(certificate.getPrivateKey(alias)).isSameAs(identity.certificateKey());
    assertThat(certificate.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, engine))
        .as("as a client too").isEqualTo(alias);
  }

  @Test
  void offersNoKeyForAnotherKeyType() throws Exception {
    assertThat(certificate.chooseEngineServerAlias("RSA", null, SSLContext.getDefault().createSSLEngine()))
        .as("no RSA key: the handshake negotiates ECDSA or nothing").isNull();
    assertThat(certificate.getPrivateKey("another")).isNull();
  }

  @Test
  void givesARefusedEngineNoKeySoItsHandshakeStopsBeforeAnyCrypto() throws Exception {
    SSLEngine admitted = SSLContext.getDefault().createSSLEngine();
    SSLEngine beyondTheLimit = SSLContext.getDefault().createSSLEngine();
    refused.add(beyondTheLimit);

    assertThat(certificate.chooseEngineServerAlias("EC", null, beyondTheLimit))
        .as("a refused connection's engine gets no certificate").isNull();
    assertThat(certificate.chooseEngineServerAlias("EC", null, admitted))
        .as("others still get it").isNotNull();
  }

  @Test
  void handsOutACopyOfTheChain() {
    String alias = certificate.chooseServerAlias("EC", null, null);
    certificate.getCertificateChain(alias)[0] = null;

    assertThat(certificate.getCertificateChain(alias)).as("a caller cannot change the chain the next one gets")
        .containsExactly(identity.certificate());
  }
}

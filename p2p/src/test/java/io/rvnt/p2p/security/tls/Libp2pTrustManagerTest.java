package io.rvnt.p2p.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class Libp2pTrustManagerTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivKey serverKey = Keys.generateEd25519(RANDOM);
  private final PeerId serverPeer = PeerId.fromPublicKey(serverKey.publicKey());
  private final Clock clock = Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC);
  private final X509Certificate[] serverChain = {
      TlsIdentity.create(serverKey, clock, TlsIdentity.DEFAULT_VALIDITY).certificate()};
  private final Libp2pTrustManager trust = new Libp2pTrustManager(new CertificateVerifier(clock));

  private static SSLEngine engine() throws Exception {
    return SSLContext.getDefault().createSSLEngine();
  }

  @Test
  void trustsAServerThatProvesTheExpectedPeerIdAndReportsIt() throws Exception {
    SSLEngine engine = engine();
    trust.expect(engine, serverPeer);

    trust.checkServerTrusted(serverChain, "UNKNOWN", engine);

    assertThat(trust.takeOutcome(engine).verified()).as("the proven PeerId").contains(serverPeer);
    assertThat(trust.takeOutcome(engine).verified()).as("taken only once").isEmpty();
  }

  @Test
  void refusesAServerThatProvesAnotherPeerIdAndReportsWhy() throws Exception {
    SSLEngine engine = engine();
    trust.expect(engine, PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey()));

    assertThatThrownBy(() -> trust.checkServerTrusted(serverChain, "UNKNOWN", engine))
        .isInstanceOfSatisfying(TlsHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PEER_ID_MISMATCH));
    assertThat(trust.takeOutcome(engine).refusal()).as("the refusal is kept for the dialer")
        .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.PEER_ID_MISMATCH));
  }

  @Test
  void refusesAServerWhenNoPeerIdWasExpected() throws Exception {
    SSLEngine engine = engine();

    assertThatThrownBy(() -> trust.checkServerTrusted(serverChain, "UNKNOWN", engine))
        .isInstanceOfSatisfying(TlsHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PEER_ID_MISMATCH));
  }

  @Test
  void trustsAnyClientThatProvesAPeerIdAndReportsIt() throws Exception {
    SSLEngine engine = engine();

    trust.checkClientTrusted(serverChain, "UNKNOWN", engine);

    assertThat(trust.takeOutcome(engine).verified()).contains(serverPeer);
  }

  @Test
  void refusesAClientWithoutALibp2pCertificate() throws Exception {
    SSLEngine engine = engine();
    X509Certificate plain = TestCertificates.forHost(serverKey).withoutExtension().build();

    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {plain}, "UNKNOWN", engine))
        .isInstanceOfSatisfying(TlsHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_EXTENSION));
    assertThat(trust.takeOutcome(engine).verified()).isEmpty();
  }

  @Test
  void refusesEveryCheckWithoutAnEngine() {
    assertThatThrownBy(() -> trust.checkServerTrusted(serverChain, "UNKNOWN"))
        .as("no engine, no expectation to check").isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkClientTrusted(serverChain, "UNKNOWN"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(serverChain, "UNKNOWN", (java.net.Socket) null))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkClientTrusted(serverChain, "UNKNOWN", (java.net.Socket) null))
        .isInstanceOf(CertificateException.class);
    assertThat(trust.getAcceptedIssuers()).as("self-signed only: no issuers").isEmpty();
  }
}

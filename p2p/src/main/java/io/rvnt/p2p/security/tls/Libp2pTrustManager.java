package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
* Trust decisions for libp2p TLS (libp2p TLS spec, "Peer Authentication"): a peer is trusted when its single
* self-signed certificate proves a libp2p host key ({@link CertificateVerifier}); a server is trusted only when that
* key's PeerId is the one the dialer {@linkplain #expect expects}. The PeerId each handshake proved is kept per
* {@link SSLEngine} for the transport to {@linkplain #takeOutcome take} once the handshake is done.
*
* <p>Only the {@link SSLEngine} variants can succeed: without an engine there is no expectation to check against,
* so the socket and engine-less variants refuse. Thread-safe.
*/
public final class Libp2pTrustManager extends X509ExtendedTrustManager {

  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final CertificateVerifier verifier;
  // Weak keys: an engine whose connection died half-way leaves nothing behind once it is collected.
  // Guarded by itself.
  private final Map<SSLEngine, Authentication> authentications = new WeakHashMap<>();

  public Libp2pTrustManager(CertificateVerifier verifier) {
    this.verifier = verifier;
  }

  /** Before an outgoing handshake: the server must prove {@code peer} or the handshake is aborted. */
  public void expect(SSLEngine engine, PeerId peer) {
    synchronized (authentications) {
      authentications.put(engine, new Authentication(Optional.of(peer), null, null));
    }
  }

  /**
  * The PeerId the peer proved on {@code engine}, or the refusal that aborted its handshake; forgotten as it is
  * returned. Empty when no certificate was checked on that engine.
  */
  public Outcome takeOutcome(SSLEngine engine) {
    synchronized (authentications) {
      Authentication authentication = authentications.remove(engine);
      return authentication == null
          ? new Outcome(Optional.empty(), Optional.empty())
          : new Outcome(Optional.ofNullable(authentication.verified()),
              Optional.ofNullable(authentication.refusal()));
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      PeerId peer = verifier.verify(chain);
      record(engine, new Authentication(Optional.empty(), peer, null));
    } catch (TlsHandshakeException e) {
      record(engine, new Authentication(Optional.empty(), null, e));
      throw e;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    Optional<PeerId> expected;
    synchronized (authentications) {
      Authentication authentication = authentications.get(engine);
      expected = authentication == null ? Optional.empty() : authentication.expected();
    }
    try {
      PeerId peer = verifier.verify(chain);
      if (expected.isEmpty()) {
        throw new TlsHandshakeException(Reason.PEER_ID_MISMATCH, "no PeerId was expected for this dial");
      }
      if (!expected.get().equals(peer)) {
        throw new TlsHandshakeException(Reason.PEER_ID_MISMATCH, "peer proved another PeerId than dialed");
      }
      record(engine, new Authentication(expected, peer, null));
    } catch (TlsHandshakeException e) {
      record(engine, new Authentication(expected, null, e));
      throw e;
    }
  }

  private void record(SSLEngine engine, Authentication authentication) {
    synchronized (authentications) {
      authentications.put(engine, authentication);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    refuseWithoutEngine();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    refuseWithoutEngine();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    refuseWithoutEngine();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    refuseWithoutEngine();
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    // Self-signed certificates only: there is no issuer to name.
    return NO_ISSUERS;
  }

  private static void refuseWithoutEngine() throws CertificateException {
    throw new CertificateException("libp2p TLS trust needs the SSLEngine of the connection");
  }

  /** What the certificate check on one engine came to: a proven PeerId, or the refusal. */
  public record Outcome(Optional<PeerId> verified, Optional<TlsHandshakeException> refusal) {
  }

  // verified and refusal are null until the check ran.
  private record Authentication(Optional<PeerId> expected, PeerId verified, TlsHandshakeException refusal) {
  }
}

package io.rvnt.p2p.transport.quic;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.rvnt.p2p.security.tls.Libp2pTls;
import io.rvnt.p2p.security.tls.Libp2pTrustManager;

/**
 * The TLS 1.3 contexts of libp2p over QUIC (libp2p QUIC and TLS specs): ALPN {@code libp2p}, this host's libp2p
 * certificate, and mutual authentication through {@link Libp2pTrustManager}. QUIC allows only TLS 1.3.
 */
final class QuicTls {

  private QuicTls() {}

  static QuicSslContext server(LocalCertificate certificate, Libp2pTrustManager trust) {
    return QuicSslContextBuilder.forServer(certificate, null)
        .trustManager(trust)
        // The spec: servers MUST require client authentication.
        .clientAuth(ClientAuth.REQUIRE)
        .applicationProtocols(Libp2pTls.ALPN)
        .earlyData(false)
        .build();
  }

  static QuicSslContext client(LocalCertificate certificate, Libp2pTrustManager trust) {
    return QuicSslContextBuilder.forClient()
        .keyManager(certificate, null)
        .trustManager(trust)
        .applicationProtocols(Libp2pTls.ALPN)
        .earlyData(false)
        .build();
  }
}

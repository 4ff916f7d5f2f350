package io.rvnt.p2p.security.tls;

/** Names of the libp2p TLS handshake (libp2p TLS spec) that transports use. */
public final class Libp2pTls {

  /** The ALPN protocol id of libp2p over TLS and QUIC. */
  public static final String ALPN = Libp2pExtension.ALPN;

  private Libp2pTls() {}
}

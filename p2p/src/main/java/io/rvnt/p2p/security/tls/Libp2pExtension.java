package io.rvnt.p2p.security.tls;

import java.nio.charset.StandardCharsets;

/** Constants of the libp2p TLS spec, in one place. */
final class Libp2pExtension {

  /** The libp2p Public Key Extension, allocated by IANA to libp2p (libp2p TLS spec). */
  static final String OID = "1.3.6.1.4.1.53594.1.1";

  /** The host key signs this prefix followed by the certificate's SubjectPublicKeyInfo DER. */
  static final byte[] SIGNATURE_PREFIX = "libp2p-tls-handshake:".getBytes(StandardCharsets.US_ASCII);

  /** The ALPN protocol id libp2p negotiates over TLS (libp2p QUIC and TLS specs). */
  static final String ALPN = "libp2p";

  private Libp2pExtension() {
  }

  static byte[] signedMessage(byte[] subjectPublicKeyInfo) {
    byte[] message = new byte[SIGNATURE_PREFIX.length + subjectPublicKeyInfo.length];
    System.arraycopy(SIGNATURE_PREFIX, 0, message, 0, SIGNATURE_PREFIX.length);
    System.arraycopy(subjectPublicKeyInfo, 0, message, SIGNATURE_PREFIX.length, subjectPublicKeyInfo.length);
    return message;
  }
}

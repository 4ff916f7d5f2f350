package io.rvnt.p2p.security.tls;

import java.security.cert.CertificateException;

/**
* The peer's certificate does not prove a libp2p identity, or proves another one than expected (libp2p TLS spec,
* "Peer Authentication"). It is a {@link CertificateException} so that TLS stacks abort the handshake with it.
*/
public final class TlsHandshakeException extends CertificateException {

  /** Why a certificate was refused; each maps to one MUST of the libp2p TLS spec. */
  public enum Reason {
    /** The peer sent no certificate, or more than one ("MUST NOT send a certificate chain..."). */
    NOT_ONE_CERTIFICATE,
    /** NotBefore lies in the future. */
    NOT_YET_VALID,
    /** NotAfter lies in the past. */
    EXPIRED,
    /** The certificate is not signed by its own key. */
    BAD_SELF_SIGNATURE,
    /** The signature algorithm is unknown or uses a hash shorter than 256 bits (MD5, SHA-1). */
    WEAK_SIGNATURE_ALGORITHM,
    /** Elliptic curve parameters are given explicitly rather than as a named curve. */
    EXPLICIT_CURVE_PARAMETERS,
    /** The deprecated issuerUniqueId or subjectUniqueId field is present. */
    UNIQUE_ID_PRESENT,
    /** A critical extension other than the libp2p one. */
    UNKNOWN_CRITICAL_EXTENSION,
    /** The libp2p Public Key Extension is absent. */
    MISSING_EXTENSION,
    /** The extension is not a DER SignedKey, or its host key is not a libp2p PublicKey this host reads. */
    MALFORMED_EXTENSION,
    /** The host key's signature over the certificate key does not verify. */
    BAD_HOST_KEY_SIGNATURE,
    /** The certificate proves another PeerId than the one dialed. */
    PEER_ID_MISMATCH,
    /** The certificate could not be parsed at all. */
    MALFORMED_CERTIFICATE
  }

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  TlsHandshakeException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  TlsHandshakeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

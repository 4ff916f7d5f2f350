package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
* Checks a peer's certificate chain against every MUST of the libp2p TLS spec ("Peer Authentication") and derives
* the peer's identity from it. Refuses anything else with a {@link TlsHandshakeException} naming the rule broken.
* Thread-safe: holds only a clock.
*/
public final class CertificateVerifier {

  /**
  * Signature algorithms accepted for the self-signature: ECDSA, RSA PKCS#1 v1.5 with SHA-256 or longer, and
  * Ed25519. MD5 and SHA-1 are refused by the spec; RSA-PSS is left out because its hash hides in parameters.
  */
  private static final Set<String> ACCEPTED_SIGNATURE_ALGORITHMS = Set.of(
      "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", // ecdsa-with-SHA256/384/512
      "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", // sha256/384/512WithRSA
      "1.3.101.112"); // Ed25519

  private final Clock clock;

  public CertificateVerifier(Clock clock) {
    this.clock = clock;
  }

  /**
  * Returns the identity the single certificate in {@code chain} proves.
  *
  * @throws TlsHandshakeException when the chain breaks any rule of the spec
  */
  public PeerId verify(X509Certificate[] chain) throws TlsHandshakeException {
    if (chain == null || chain.length != 1) {
      throw new TlsHandshakeException(Reason.NOT_ONE_CERTIFICATE,
          "expected exactly one certificate, got " + (chain == null ? 0 : chain.length));
    }
    X509Certificate certificate = chain[0];
    checkValidity(certificate);
    checkSignatureAlgorithm(certificate);
    byte[] subjectPublicKeyInfo = certificate.getPublicKey().getEncoded();
    checkNamedCurve(subjectPublicKeyInfo);
    checkSelfSignature(certificate);
    if (certificate.getIssuerUniqueID() != null || certificate.getSubjectUniqueID() != null) {
      throw new TlsHandshakeException(Reason.UNIQUE_ID_PRESENT, "deprecated unique id fields are present");
    }
    checkCriticalExtensions(certificate);
    SignedKey signedKey = SignedKey.decode(extensionContent(certificate));
    PubKey hostKey = hostKey(signedKey.publicKey());
    if (!hostKey.verify(Libp2pExtension.signedMessage(subjectPublicKeyInfo), signedKey.signature())) {
      throw new TlsHandshakeException(Reason.BAD_HOST_KEY_SIGNATURE,
          "host key signature over the certificate key does not verify");
    }
    return PeerId.fromPublicKey(hostKey);
  }

  private static PubKey hostKey(byte[] publicKeyProtobuf) throws TlsHandshakeException {
    try {
      return Keys.unmarshalPublicKey(publicKeyProtobuf);
    } catch (CryptoException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_EXTENSION, "host key is not a supported libp2p key", e);
    }
  }

  private void checkValidity(X509Certificate certificate) throws TlsHandshakeException {
    try {
      certificate.checkValidity(Date.from(clock.instant()));
    } catch (CertificateNotYetValidException e) {
      throw new TlsHandshakeException(Reason.NOT_YET_VALID, "certificate is not yet valid", e);
    } catch (CertificateExpiredException e) {
      throw new TlsHandshakeException(Reason.EXPIRED, "certificate has expired", e);
    }
  }

  private static void checkSignatureAlgorithm(X509Certificate certificate) throws TlsHandshakeException {
    if (!ACCEPTED_SIGNATURE_ALGORITHMS.contains(certificate.getSigAlgOID())) {
      throw new TlsHandshakeException(Reason.WEAK_SIGNATURE_ALGORITHM,
          "signature algorithm " + certificate.getSigAlgOID() + " is not accepted");
    }
  }

  /** The spec forbids explicit curve parameters ("Whose Curve Is It Anyway"). */
  private static void checkNamedCurve(byte[] subjectPublicKeyInfo) throws TlsHandshakeException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo);
    } catch (IllegalArgumentException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_CERTIFICATE, "unreadable SubjectPublicKeyInfo", e);
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
        && !(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier)) {
      throw new TlsHandshakeException(Reason.EXPLICIT_CURVE_PARAMETERS, "curve is not given by name");
    }
  }

  private static void checkSelfSignature(X509Certificate certificate) throws TlsHandshakeException {
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsHandshakeException(Reason.BAD_SELF_SIGNATURE, "self-signature does not verify", e);
    }
  }

  private static void checkCriticalExtensions(X509Certificate certificate) throws TlsHandshakeException {
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical == null) {
      return;
    }
    for (String oid : critical) {
      if (!Libp2pExtension.OID.equals(oid)) {
        throw new TlsHandshakeException(Reason.UNKNOWN_CRITICAL_EXTENSION,
            "critical extension " + oid + " is not understood");
      }
    }
  }

  private static byte[] extensionContent(X509Certificate certificate) throws TlsHandshakeException {
    byte[] wrapped = certificate.getExtensionValue(Libp2pExtension.OID);
    if (wrapped == null) {
      throw new TlsHandshakeException(Reason.MISSING_EXTENSION, "libp2p Public Key Extension is absent");
    }
    try {
      // getExtensionValue returns the extnValue OCTET STRING itself; SignedKey is inside it.
      return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(wrapped)).getOctets();
    } catch (IOException | IllegalArgumentException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_EXTENSION, "unreadable extension value", e);
    }
  }
}

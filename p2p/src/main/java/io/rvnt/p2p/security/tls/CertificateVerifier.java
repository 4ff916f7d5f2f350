package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.p2p.crypto.VerifiedBytes;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks a peer's certificate chain against every MUST of the libp2p TLS spec ("Peer Authentication") and derives
 * the peer's identity from it. Refuses anything else with a {@link TlsHandshakeException} naming the rule broken.
 *
 * <p>Certificates are read from their DER with BouncyCastle, not the JDK: libp2p certificates from rust and js peers
 * have an empty issuer and subject, which the JDK's X.509 parser refuses.
 *
 * <p>A certificate that passed is remembered by its full DER bytes ({@link VerifiedBytes}, bounded): the same
 * bytes again are checked only for their validity period, which is all that can change (every other check is a
 * pure function of those bytes). Thread-safe.
 */
public final class CertificateVerifier {

  /**
   * Signature algorithms accepted for the self-signature: ECDSA, RSA PKCS#1 v1.5 with SHA-256 or longer, and
   * Ed25519. MD5 and SHA-1 are refused by the spec; RSA-PSS is left out because its hash hides in parameters.
   */
  private static final Map<String, String> SIGNATURE_ALGORITHMS = Map.of(
      "1.2.840.10045.4.3.2", "SHA256withECDSA",
      "1.2.840.10045.4.3.3", "SHA384withECDSA",
      "1.2.840.10045.4.3.4", "SHA512withECDSA",
      "1.2.840.113549.1.1.11", "SHA256withRSA",
      "1.2.840.113549.1.1.12", "SHA384withRSA",
      "1.2.840.113549.1.1.13", "SHA512withRSA",
      "1.3.101.112", "Ed25519");

  /** Certificate key types, by SubjectPublicKeyInfo algorithm. */
  private static final Map<String, String> KEY_ALGORITHMS = Map.of(
      "1.2.840.10045.2.1", "EC",
      "1.2.840.113549.1.1.1", "RSA",
      "1.3.101.112", "Ed25519");

  private static final ASN1ObjectIdentifier LIBP2P_EXTENSION = new ASN1ObjectIdentifier(Libp2pExtension.OID);

  // Not registered globally: only this verifier uses it.
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  /**
   * Default number of verified certificates remembered: one per connected peer of a busy host (a few hundred), at
   * about half a kilobyte each.
   */
  public static final int DEFAULT_VERIFIED_CACHE = 1024;

  /** What the checks of one certificate proved; only its validity still depends on the time. */
  private record Verified(PeerId peer, Instant notBefore, Instant notAfter) {
  }

  private final Clock clock;
  private final VerifiedBytes<Verified> verified;

  public CertificateVerifier(Clock clock) {
    this(clock, DEFAULT_VERIFIED_CACHE);
  }

  /** @param verifiedCache the most verified certificates remembered; 0 verifies every certificate in full */
  public CertificateVerifier(Clock clock, int verifiedCache) {
    this.clock = clock;
    this.verified = new VerifiedBytes<>(verifiedCache);
  }

  /**
   * Returns the PeerId the single certificate in {@code chain} proves.
   *
   * @throws TlsHandshakeException when the chain breaks any rule of the spec
   */
  public PeerId verify(X509Certificate[] chain) throws TlsHandshakeException {
    if (chain == null || chain.length != 1) {
      throw new TlsHandshakeException(Reason.NOT_ONE_CERTIFICATE,
          "expected exactly one certificate, got " + (chain == null ? 0 : chain.length));
    }
    byte[] der = encoded(chain[0]);
    Verified known = verified.get(der);
    if (known != null) {
      checkValidity(known.notBefore(), known.notAfter());
      return known.peer();
    }
    X509CertificateHolder certificate = parse(der);
    Instant notBefore;
    Instant notAfter;
    try {
      notBefore = certificate.getNotBefore().toInstant();
      notAfter = certificate.getNotAfter().toInstant();
    } catch (RuntimeException e) {
      // BouncyCastle reads the times only when asked, and throws IllegalStateException for one that is not a date
      // (found by the tls-certificate fuzz target).
      throw new TlsHandshakeException(Reason.MALFORMED_CERTIFICATE, "unreadable validity dates", e);
    }
    checkValidity(notBefore, notAfter);
    checkSignatureAlgorithm(certificate);
    SubjectPublicKeyInfo keyInfo = certificate.getSubjectPublicKeyInfo();
    checkNamedCurve(keyInfo);
    checkSelfSignature(certificate);
    TBSCertificate tbs = certificate.toASN1Structure().getTBSCertificate();
    if (tbs.getIssuerUniqueId() != null || tbs.getSubjectUniqueId() != null) {
      throw new TlsHandshakeException(Reason.UNIQUE_ID_PRESENT, "deprecated unique id fields are present");
    }
    checkCriticalExtensions(certificate);
    Extension extension = certificate.getExtension(LIBP2P_EXTENSION);
    if (extension == null) {
      throw new TlsHandshakeException(Reason.MISSING_EXTENSION, "libp2p Public Key Extension is absent");
    }
    SignedKey signedKey = SignedKey.decode(extension.getExtnValue().getOctets());
    PubKey hostKey = hostKey(signedKey.publicKey());
    if (!hostKey.verify(Libp2pExtension.signedMessage(der(keyInfo)), signedKey.signature())) {
      throw new TlsHandshakeException(Reason.BAD_HOST_KEY_SIGNATURE,
          "host key signature over the certificate key does not verify");
    }
    PeerId peer = PeerId.fromPublicKey(hostKey);
    verified.put(der, new Verified(peer, notBefore, notAfter));
    return peer;
  }

  private static byte[] encoded(X509Certificate certificate) throws TlsHandshakeException {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException | RuntimeException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_CERTIFICATE, "unreadable certificate", e);
    }
  }

  private static X509CertificateHolder parse(byte[] der) throws TlsHandshakeException {
    try {
      return new X509CertificateHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_CERTIFICATE, "unreadable certificate", e);
    }
  }

  private void checkValidity(Instant notBefore, Instant notAfter) throws TlsHandshakeException {
    Instant now = clock.instant();
    if (now.isBefore(notBefore)) {
      throw new TlsHandshakeException(Reason.NOT_YET_VALID, "certificate is not yet valid");
    }
    if (now.isAfter(notAfter)) {
      throw new TlsHandshakeException(Reason.EXPIRED, "certificate has expired");
    }
  }

  private static void checkSignatureAlgorithm(X509CertificateHolder certificate) throws TlsHandshakeException {
    String algorithm = certificate.getSignatureAlgorithm().getAlgorithm().getId();
    if (!SIGNATURE_ALGORITHMS.containsKey(algorithm)) {
      throw new TlsHandshakeException(Reason.WEAK_SIGNATURE_ALGORITHM,
          "signature algorithm " + algorithm + " is not accepted");
    }
  }

  /** The spec forbids explicit curve parameters ("Whose Curve Is It Anyway"). */
  private static void checkNamedCurve(SubjectPublicKeyInfo keyInfo) throws TlsHandshakeException {
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(keyInfo.getAlgorithm().getAlgorithm())
        && !(keyInfo.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier)) {
      throw new TlsHandshakeException(Reason.EXPLICIT_CURVE_PARAMETERS, "curve is not given by name");
    }
  }

  /**
   * Checks the self-signature with BouncyCastle's provider, whose P-256 arithmetic verifies in a fifth of the time
   * of the JDK 17 provider's; it is the largest cost of a QUIC handshake here.
   */
  private static void checkSelfSignature(X509CertificateHolder certificate) throws TlsHandshakeException {
    Certificate structure = certificate.toASN1Structure();
    String keyOid = structure.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId();
    String keyAlgorithm = KEY_ALGORITHMS.get(keyOid);
    String signatureAlgorithm = SIGNATURE_ALGORITHMS.get(structure.getSignatureAlgorithm().getAlgorithm().getId());
    if (keyAlgorithm == null) {
      throw new TlsHandshakeException(Reason.BAD_SELF_SIGNATURE, "certificate key type " + keyOid + " is not supported");
    }
    boolean valid;
    try {
      PublicKey key = KeyFactory.getInstance(keyAlgorithm, BOUNCY_CASTLE)
          .generatePublic(new X509EncodedKeySpec(structure.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)));
      Signature signature = Signature.getInstance(signatureAlgorithm, BOUNCY_CASTLE);
      signature.initVerify(key);
      signature.update(structure.getTBSCertificate().getEncoded(ASN1Encoding.DER));
      valid = signature.verify(structure.getSignature().getOctets());
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new TlsHandshakeException(Reason.BAD_SELF_SIGNATURE, "self-signature cannot be checked", e);
    }
    if (!valid) {
      throw new TlsHandshakeException(Reason.BAD_SELF_SIGNATURE, "self-signature does not verify");
    }
  }

  private static void checkCriticalExtensions(X509CertificateHolder certificate) throws TlsHandshakeException {
    for (Object oid : certificate.getCriticalExtensionOIDs()) {
      if (!LIBP2P_EXTENSION.equals(oid)) {
        throw new TlsHandshakeException(Reason.UNKNOWN_CRITICAL_EXTENSION,
            "critical extension " + oid + " is not understood");
      }
    }
  }

  private static PubKey hostKey(byte[] publicKeyProtobuf) throws TlsHandshakeException {
    try {
      return Keys.unmarshalPublicKey(publicKeyProtobuf);
    } catch (CryptoException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_EXTENSION, "host key is not a supported libp2p key", e);
    }
  }

  private static byte[] der(SubjectPublicKeyInfo keyInfo) throws TlsHandshakeException {
    try {
      return keyInfo.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new TlsHandshakeException(Reason.MALFORMED_CERTIFICATE, "unreadable SubjectPublicKeyInfo", e);
    }
  }
}

package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.PrivKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
* This host's TLS credentials for libp2p (libp2p TLS spec, "Peer Authentication"): an ephemeral P-256 key, unrelated
* to the host key as the spec asks, and a self-signed certificate carrying the libp2p Public Key Extension, in which
* the host key signs the certificate key. Immutable; one instance serves any number of connections.
*/
public final class TlsIdentity {

  /**
  * Default certificate lifetime. The certificate key is ephemeral (it lives as long as the process) and the binding
  * to the host key is the extension's signature, so a long lifetime costs nothing; go-libp2p also uses years.
  */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  /** NotBefore is set this far in the past so that a peer whose clock runs slow still accepts the certificate. */
  public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofHours(1);

  private final PrivateKey certificateKey;
  private final X509Certificate certificate;

  private TlsIdentity(PrivateKey certificateKey, X509Certificate certificate) {
    this.certificateKey = certificateKey;
    this.certificate = certificate;
  }

  /** Creates credentials valid from now (less {@link #CLOCK_SKEW_ALLOWANCE}) for {@code validity}. */
  public static TlsIdentity create(PrivKey hostKey, Clock clock, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
    Instant now = clock.instant();
    return create(hostKey, now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity));
  }

  /** Creates credentials with an explicit validity window; tests use it to make expired certificates. */
  static TlsIdentity create(PrivKey hostKey, Instant notBefore, Instant notAfter) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), SECURE_RANDOM);
      KeyPair certificateKeys = generator.generateKeyPair();
      byte[] subjectPublicKeyInfo = certificateKeys.getPublic().getEncoded();
      SignedKey signedKey = new SignedKey(hostKey.publicKey().bytes(),
          hostKey.sign(Libp2pExtension.signedMessage(subjectPublicKeyInfo)));

      // The spec gives the subject no meaning; a constant name says nothing about the host.
      X500Name name = new X500Name("CN=libp2p");
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, SECURE_RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
          name, certificateKeys.getPublic());
      // The spec lets the extension be critical; marking it so keeps TLS stacks that do not know it away.
      builder.addExtension(new ASN1ObjectIdentifier(Libp2pExtension.OID), true, signedKey.encode());
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(certificateKeys.getPrivate())));
      return new TlsIdentity(certificateKeys.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("the JDK lacks P-256 ECDSA, which every Java 17 runtime ships", e);
    }
  }

  public PrivateKey certificateKey() {
    return certificateKey;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  private static final SecureRandom SECURE_RANDOM = new SecureRandom();
}

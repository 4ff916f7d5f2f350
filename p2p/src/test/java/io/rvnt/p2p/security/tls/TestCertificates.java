package io.rvnt.p2p.security.tls;

import io.rvnt.p2p.crypto.PrivKey;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds libp2p certificates that break one rule at a time. */
final class TestCertificates {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PrivKey hostKey;
  private Instant notBefore = NOW.minusSeconds(3600);
  private Instant notAfter = NOW.plusSeconds(86_400);
  private String signatureAlgorithm = "SHA256withECDSA";
  private boolean extension = true;
  private boolean extensionCritical = true;
  private byte[] extensionValue;
  private byte[] signedSubjectPublicKeyInfo;
  private KeyPair selfSigner;
  private String extraCriticalExtension;
  private boolean uniqueIds;
  private SubjectPublicKeyInfo subjectPublicKeyInfo;
  private X500Name name = new X500Name("CN=libp2p");

  private TestCertificates(PrivKey hostKey) {
    this.hostKey = hostKey;
  }

  static TestCertificates forHost(PrivKey hostKey) {
    return new TestCertificates(hostKey);
  }

  TestCertificates validity(Instant from, Instant until) {
    this.notBefore = from;
    this.notAfter = until;
    return this;
  }

  TestCertificates signatureAlgorithm(String algorithm) {
    this.signatureAlgorithm = algorithm;
    return this;
  }

  TestCertificates withoutExtension() {
    this.extension = false;
    return this;
  }

  TestCertificates extensionCritical(boolean critical) {
    this.extensionCritical = critical;
    return this;
  }

  TestCertificates extensionValue(byte[] value) {
    this.extensionValue = value;
    return this;
  }

  /** The host key signs this SubjectPublicKeyInfo rather than the certificate's own. */
  TestCertificates hostSignsOtherKey(PublicKey other) {
    this.signedSubjectPublicKeyInfo = other.getEncoded();
    return this;
  }

  /** The certificate is signed by this key rather than its own. */
  TestCertificates signedBy(KeyPair signer) {
    this.selfSigner = signer;
    return this;
  }

  TestCertificates criticalExtension(String oid) {
    this.extraCriticalExtension = oid;
    return this;
  }

  TestCertificates withUniqueIds() {
    this.uniqueIds = true;
    return this;
  }

  /** Replaces the certificate's key encoding, e.g. with explicit curve parameters. */
  TestCertificates subjectPublicKeyInfo(SubjectPublicKeyInfo info) {
    this.subjectPublicKeyInfo = info;
    return this;
  }

  /** Issuer and subject with no attributes at all, as rust-libp2p and js-libp2p-quic certificates have. */
  TestCertificates emptyNames() {
    this.name = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
    return this;
  }

  /** The DER of the certificate, for certificates the JDK cannot parse. */
  byte[] buildEncoded() throws Exception {
    return holder().getEncoded();
  }

  X509Certificate build() throws Exception {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    if (subjectPublicKeyInfo != null) {
      // The JDK refuses explicit curve parameters before any check runs; BouncyCastle reads them.
      converter.setProvider(new BouncyCastleProvider());
    }
    return converter.getCertificate(holder());
  }

  private org.bouncycastle.cert.X509CertificateHolder holder() throws Exception {
    KeyPair keys = p256();
    SubjectPublicKeyInfo info = subjectPublicKeyInfo != null
        ? subjectPublicKeyInfo : SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    byte[] signedInfo = signedSubjectPublicKeyInfo != null ? signedSubjectPublicKeyInfo : info.getEncoded();
    X500Name name = new X500Name("CN=libp2p");
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(RANDOM.nextInt(1 << 30) + 1L),
        Date.from(notBefore), Date.from(notAfter), name, info);
    if (extension) {
      byte[] value = extensionValue != null ? extensionValue
          : new SignedKey(hostKey.publicKey().bytes(),
              hostKey.sign(Libp2pExtension.signedMessage(signedInfo))).encode();
      builder.addExtension(new ASN1ObjectIdentifier(Libp2pExtension.OID), extensionCritical, value);
    }
    if (extraCriticalExtension != null) {
      builder.addExtension(new ASN1ObjectIdentifier(extraCriticalExtension), true, new byte[] {0x05, 0x00});
    }
    if (uniqueIds) {
      builder.setIssuerUniqueID(new boolean[] {true, false, true});
      builder.setSubjectUniqueID(new boolean[] {true, false, true});
    }
    KeyPair signer = selfSigner != null ? selfSigner : keys;
    return builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(signer.getPrivate()));
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

}

package io.rvnt.p2p.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.util.LazyX509Certificate;
import io.rvnt.p2p.crypto.CofactoredOnlyKey;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.security.tls.TlsHandshakeException.Reason;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

class CertificateVerifierTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivKey hostKey = Keys.generateEd25519(RANDOM);
  private final CertificateVerifier verifier =
      new CertificateVerifier(Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC));

  @Test
  void derivesThePeerIdOfTheHostKeyFromItsOwnCertificate() throws Exception {
    TlsIdentity identity = TlsIdentity.create(hostKey, Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC),
        TlsIdentity.DEFAULT_VALIDITY);

    assertThat(verifier.verify(new X509Certificate[] {identity.certificate()}))
        .as("the certificate proves the host key's PeerId")
        .isEqualTo(PeerId.fromPublicKey(hostKey.publicKey()));
  }

  @Test
  void marksTheExtensionCriticalAndUsesAnEphemeralP256Key() throws Exception {
    TlsIdentity identity = TlsIdentity.create(hostKey, Clock.systemUTC(), TlsIdentity.DEFAULT_VALIDITY);

    assertThat(identity.certificate().getCriticalExtensionOIDs()).as("extension MAY be critical")
        .containsExactly(Libp2pExtension.OID);
    assertThat(identity.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(identity.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void acceptsANonCriticalExtension() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).extensionCritical(false).build();

    assertThat(verifier.verify(new X509Certificate[] {certificate}))
        .as("the spec lets the extension be critical or not")
        .isEqualTo(PeerId.fromPublicKey(hostKey.publicKey()));
  }

  @Test
  void acceptsEmptyIssuerAndSubjectAsRustAndJsPeersSend() throws Exception {
    byte[] der = TestCertificates.forHost(hostKey).emptyNames().buildEncoded();
    // The JDK's parser refuses empty names; Netty hands the verifier such lazily parsed certificates.
    X509Certificate certificate = new LazyX509Certificate(der);

    assertThat(verifier.verify(new X509Certificate[] {certificate}))
        .as("empty names are legal in libp2p certificates")
        .isEqualTo(PeerId.fromPublicKey(hostKey.publicKey()));
  }

  @Test
  void refusesBytesThatAreNotACertificate() {
    X509Certificate garbage = new LazyX509Certificate(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

    assertRefused(() -> verifier.verify(new X509Certificate[] {garbage}), Reason.MALFORMED_CERTIFICATE);
  }

  @Test
  void refusesAnEmptyChain() {
    assertRefused(() -> verifier.verify(new X509Certificate[0]), Reason.NOT_ONE_CERTIFICATE);
    assertRefused(() -> verifier.verify(null), Reason.NOT_ONE_CERTIFICATE);
  }

  @Test
  void refusesAChainOfTwoCertificates() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate, certificate}),
        Reason.NOT_ONE_CERTIFICATE);
  }

  @Test
  void refusesACertificateNotYetValid() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .validity(TestCertificates.NOW.plusSeconds(60), TestCertificates.NOW.plusSeconds(3600)).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.NOT_YET_VALID);
  }

  @Test
  void refusesAnExpiredCertificate() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .validity(TestCertificates.NOW.minusSeconds(3600), TestCertificates.NOW.minusSeconds(1)).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.EXPIRED);
  }

  @Test
  void refusesOwnCertificatesOnceTheirValidityEnds() throws Exception {
    TlsIdentity identity = TlsIdentity.create(hostKey, Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC),
        Duration.ofMinutes(5));
    CertificateVerifier later = new CertificateVerifier(
        Clock.fixed(TestCertificates.NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));

    assertRefused(() -> later.verify(new X509Certificate[] {identity.certificate()}), Reason.EXPIRED);
  }

  @Test
  void refusesACertificateNotSignedByItsOwnKey() throws Exception {
    KeyPair stranger = TestCertificates.p256();
    X509Certificate certificate = TestCertificates.forHost(hostKey).signedBy(stranger).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.BAD_SELF_SIGNATURE);
  }

  @Test
  void refusesASha1SelfSignature() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).signatureAlgorithm("SHA1withECDSA").build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.WEAK_SIGNATURE_ALGORITHM);
  }

  @Test
  void refusesExplicitCurveParameters() throws Exception {
    KeyPair keys = TestCertificates.p256();
    SubjectPublicKeyInfo named = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
            new X962Parameters(ECNamedCurveTable.getByName("secp256r1"))),
        named.getPublicKeyData().getBytes());
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .subjectPublicKeyInfo(explicit).signedBy(keys).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.EXPLICIT_CURVE_PARAMETERS);
  }

  @Test
  void refusesDeprecatedUniqueIds() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).withUniqueIds().build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.UNIQUE_ID_PRESENT);
  }

  @Test
  void refusesAnUnknownCriticalExtension() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).criticalExtension("1.2.3.4.5").build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.UNKNOWN_CRITICAL_EXTENSION);
  }

  @Test
  void refusesACertificateWithoutTheLibp2pExtension() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey).withoutExtension().build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.MISSING_EXTENSION);
  }

  @Test
  void refusesAnExtensionThatIsNotASignedKey() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .extensionValue(new DEROctetString(new byte[] {1, 2, 3}).getEncoded()).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.MALFORMED_EXTENSION);
  }

  @Test
  void refusesASignedKeyWithAThirdElement() throws Exception {
    byte[] value = new DERSequence(new ASN1Encodable[] {new DEROctetString(hostKey.publicKey().bytes()),
      new DEROctetString(new byte[64]), new DEROctetString(new byte[1])}).getEncoded();
    X509Certificate certificate = TestCertificates.forHost(hostKey).extensionValue(value).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.MALFORMED_EXTENSION);
  }

  @Test
  void refusesAHostKeyThatIsNotALibp2pPublicKey() throws Exception {
    byte[] value = new SignedKey(new byte[] {0x08, 0x01, 0x12, 0x05, 1, 2, 3, 4, 5}, new byte[64]).encode();
    X509Certificate certificate = TestCertificates.forHost(hostKey).extensionValue(value).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.MALFORMED_EXTENSION);
  }

  @Test
  void refusesAHostKeySignatureOverAnotherCertificateKey() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(hostKey)
        .hostSignsOtherKey(TestCertificates.p256().getPublic()).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.BAD_HOST_KEY_SIGNATURE);
  }

  @Test
  void refusesAHostKeySignatureByAnotherHostKey() throws Exception {
    PrivKey other = Keys.generateEd25519(RANDOM);
    X509Certificate signedByOther = TestCertificates.forHost(other).build();
    // Keep the other host's signature but claim this host's key.
    SignedKey claimed = SignedKey.decode(extensionOf(signedByOther));
    byte[] forged = new SignedKey(hostKey.publicKey().bytes(), claimed.signature()).encode();
    X509Certificate certificate = TestCertificates.forHost(hostKey).extensionValue(forged).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.BAD_HOST_KEY_SIGNATURE);
  }

  @Test
  void refusesAHostKeySignatureThatHoldsOnlyUnderTheCofactoredEquation() throws Exception {
    X509Certificate certificate = TestCertificates.forHost(new CofactoredOnlyKey(RANDOM)).build();

    assertRefused(() -> verifier.verify(new X509Certificate[] {certificate}), Reason.BAD_HOST_KEY_SIGNATURE);
  }

  private static byte[] extensionOf(X509Certificate certificate) {
    byte[] wrapped = certificate.getExtensionValue(Libp2pExtension.OID);
    return DEROctetString.getInstance(wrapped).getOctets();
  }

  private static void assertRefused(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call).as("refused for " + reason)
        .isInstanceOfSatisfying(TlsHandshakeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

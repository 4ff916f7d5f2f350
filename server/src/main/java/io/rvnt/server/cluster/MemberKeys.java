package io.rvnt.server.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A member's TLS identity for the replication (docs/cluster.md): an ECDSA P-256 key in a PKCS#8 PEM file of mode
 * 0600, and a self-signed certificate in a PEM file that any member may read; the other members pin its SHA-256.
 * The certificate is valid for a century: the pin, not a date, decides (see {@link CertificatePins}).
 */
public final class MemberKeys {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Duration VALIDITY = Duration.ofDays(36_525);

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private MemberKeys(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** The pin the other members put in {@code cluster-member.NAME}: lowercase hex SHA-256 of the certificate. */
  public String pin() {
    return CertificatePins.pinOf(certificate);
  }

  /**
   * Makes a new key and certificate for member {@code name} and writes them to {@code keyFile} (mode 0600) and
   * {@code certificateFile}; refuses to overwrite either.
   */
  public static MemberKeys generate(String name, Path keyFile, Path certificateFile) throws IOException {
    KeyPair pair;
    X509Certificate certificate;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=rvnt identity cluster member " + name);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IOException("cannot make a key and certificate: " + e.getMessage(), e);
    }
    if (Files.exists(keyFile) || Files.exists(certificateFile)) {
      throw new IOException("will not overwrite an existing key or certificate");
    }
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the certificate", e);
    }
    return new MemberKeys(pair.getPrivate(), certificate);
  }

  /**
   * Reads a member's key and certificate. The key file must be readable by its owner alone (invariant 2: an
   * operator's secret stays in a 0600 file); the key must belong to the certificate.
   */
  public static MemberKeys load(Path keyFile, Path certificateFile) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IOException("the cluster key " + keyFile + " is readable by others (mode "
          + PosixFilePermissions.toString(permissions) + "): chmod 600 it");
    }
    try {
      PrivateKey key = KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(unpem("PRIVATE KEY", Files.readString(keyFile))));
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
      MemberKeys keys = new MemberKeys(key, certificate);
      keys.checkPair();
      return keys;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("cannot read the cluster key or certificate (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Signs and verifies a few bytes: a key that does not match its certificate is refused at start. */
  private void checkPair() throws GeneralSecurityException {
    byte[] probe = "rvnt cluster key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate);
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the key does not belong to the certificate");
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(String type, String text) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("not a PEM " + type);
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}

package io.rvnt.server.cluster;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the certificates whose SHA-256 the cluster's configuration lists, on both ends of every replication
 * connection: a member accepts a peer (as server or as client) only if the peer's certificate is one of the members'.
 * The pin is the whole trust: no CA, no host name, no expiry date is consulted, so nothing outside the configuration
 * can vouch for a stranger, and a member's certificate does not stop working on a date nobody watches. There is no
 * way to turn the check off.
 */
final class CertificatePins extends X509ExtendedTrustManager {
  private final Set<String> pins;

  /** @param pins lowercase hex SHA-256 digests of the members' certificates (DER) */
  CertificatePins(Set<String> pins) {
    if (pins.isEmpty()) {
      throw new IllegalArgumentException("pinning no certificate would refuse every member");
    }
    this.pins = Set.copyOf(pins);
  }

  /** The pin of a certificate: lowercase hex SHA-256 of its DER encoding. */
  static String pinOf(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    // The peer's own certificate, whatever else it sends: a chain cannot make a stranger's key trusted.
    if (!pins.contains(pinOf(chain[0]))) {
      throw new CertificateException("the peer's certificate is not one of the cluster's members'");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  /** No issuer is accepted: only the pinned certificates themselves. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}

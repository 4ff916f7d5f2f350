package io.rvnt.p2p.transport.quic;

import io.rvnt.p2p.security.tls.TlsIdentity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * This host's libp2p certificate and its key for every QUIC handshake, as client and as server. Netty's QUIC asks the
 * key manager for an alias, the chain and the key on every handshake; the JDK's key manager searched a key store for
 * them each time (its alias search showed in the handshake profile), this one holds the single answer.
 *
 * <p>It is also where the listener turns away a connection beyond the limit before any handshake crypto: an engine
 * that {@code refused} names gets no key material, so BoringSSL stops the handshake at the certificate selection,
 * right after reading the ClientHello, before the key exchange and the signature (RFC 8446 §4.1.1: the server picks
 * its certificate before it computes a key share). Thread-safe: it holds immutable values only.
 */
final class LocalCertificate extends X509ExtendedKeyManager {

  private static final String ALIAS = "libp2p";

  private final PrivateKey key;
  private final X509Certificate[] chain;
  private final Predicate<SSLEngine> refused;

  LocalCertificate(TlsIdentity identity, Predicate<SSLEngine> refused) {
    this.key = identity.certificateKey();
    this.chain = new X509Certificate[] {identity.certificate()};
    this.refused = refused;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return refused.test(engine) ? null : alias(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return chooseClientAlias(keyTypes, issuers, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    for (String keyType : keyTypes) {
      if (alias(keyType) != null) {
        return ALIAS;
      }
    }
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return alias(keyType) != null ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  /** The alias for a key of {@code keyType} ("EC" for the P-256 key of the libp2p certificate), else null. */
  private String alias(String keyType) {
    return key.getAlgorithm().equals(keyType) ? ALIAS : null;
  }
}

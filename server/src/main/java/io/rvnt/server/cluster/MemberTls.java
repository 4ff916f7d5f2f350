package io.rvnt.server.cluster;

import io.rvnt.server.config.ClusterConfig;
import io.rvnt.server.config.ClusterMember;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * The TLS of a member's replication listener and of its clients: its own key and certificate, mutual authentication
 * required, and the members' pinned certificates as the only ones trusted ({@link CertificatePins}).
 */
final class MemberTls {
  private MemberTls() {}

  static GrpcTlsConfig of(ClusterConfig cluster, MemberKeys keys) throws IOException {
    ClusterMember me = cluster.me();
    if (!keys.pin().equals(me.certificatePin())) {
      throw new IOException("the certificate in " + cluster.certificateFile() + " is not the one cluster-member."
          + me.name() + " pins (its SHA-256 is " + keys.pin() + ")");
    }
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("member", keys.privateKey(), password, new Certificate[] {keys.certificate()});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      CertificatePins pins = new CertificatePins(
          cluster.members().stream().map(ClusterMember::certificatePin).collect(Collectors.toSet()));
      return new GrpcTlsConfig(factory.getKeyManagers()[0], pins, true);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up the cluster's TLS (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}

package io.rvnt.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.testsupport.TestIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the Raft listener admits the members alone. A stranger's certificate and bytes that are not TLS are
 * refused before Ratis reads anything, and the cluster's data stays as it was; a member's own certificate, over the
 * same code, is admitted (so the refusals are the pins' doing, not a broken client).
 */
class RaftListenerBadInputTest {
  private static final int READ_TIMEOUT_MS = 30_000;
  /** The HTTP/2 client preface (RFC 9113 §3.4) and an empty SETTINGS frame: what a gRPC client sends first. */
  private static final byte[] H2_PREFACE = concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  @TempDir Path dir;
  ClusterFixture cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theRaftListenerRefusesAStrangersCertificateAndGarbageAndChangesNothing() throws Exception {
    cluster = ClusterFixture.start(dir, Map.of());
    String leader = cluster.awaitLeader();
    TestIdentity alice = TestIdentity.create("alice");
    assertThat(cluster.write("alpha", "POST", "/v1/register",
        Map.of(Headers.POW, alice.registerPow(cluster.pow(ClusterFixture.REGISTER_BITS))), alice.registrationBody(2))
        .status())
        .isEqualTo(201);
    cluster.awaitConverged();
    // The users' data: the applied index also counts Raft's own entries (the leader's record of its commit index
    // after a write), which a member applies at its own moment.
    Map<String, byte[]> before = cluster.data(leader);
    InetSocketAddress raft = new InetSocketAddress("127.0.0.1", cluster.raftPort(leader));

    MemberKeys stranger = MemberKeys.generate("mallory", dir.resolve("mallory.key"), dir.resolve("mallory.crt"));
    assertThat(answersAfterHandshake(raft, stranger)).as("a stranger's certificate is refused").isFalse();
    assertThat(closesOnGarbage(raft)).as("bytes that are not TLS make the listener close the connection").isTrue();
    MemberKeys member = MemberKeys.load(cluster.keyFile("beta"), cluster.certificateFile("beta"));
    assertThat(answersAfterHandshake(raft, member)).as("a member's certificate is admitted").isTrue();

    cluster.awaitConverged();
    assertThat(cluster.data(leader)).as("the refused connections changed nothing")
        .usingRecursiveComparison().isEqualTo(before);
  }

  /** Whether the listener answers the HTTP/2 preface of a TLS client presenting {@code keys}. */
  private static boolean answersAfterHandshake(InetSocketAddress raft, MemberKeys keys) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", keys.privateKey(), new char[0], new Certificate[] {keys.certificate()});
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    // The test client believes any server: only the server's check of the client is under test.
    context.init(factory.getKeyManagers(), new TrustManager[] {new BelieveAnyServer()}, new SecureRandom());
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raft.getAddress(), raft.getPort())) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      socket.getOutputStream().write(H2_PREFACE);
      socket.getOutputStream().flush();
      return readsAnything(socket.getInputStream());
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the listener closes a connection that sends random bytes (it may send a TLS alert first). */
  private static boolean closesOnGarbage(InetSocketAddress raft) throws IOException {
    byte[] garbage = new byte[4096];
    new SecureRandom().nextBytes(garbage);
    try (Socket socket = new Socket(raft.getAddress(), raft.getPort())) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      try {
        socket.getOutputStream().write(garbage);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
          // An alert, if any; then the end.
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }
  }

  private static boolean readsAnything(InputStream in) throws IOException {
    return in.read() >= 0;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static final class BelieveAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Believed: the server is not what this test checks.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

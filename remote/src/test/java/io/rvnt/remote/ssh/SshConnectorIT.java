package io.rvnt.remote.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.testsupport.Sshd;
import io.rvnt.testsupport.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host-key verification and authentication against a real OpenSSH server on loopback. */
class SshConnectorIT {
  private static final String PASSPHRASE = "correct horse";
  private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @TempDir static Path dir;
  @TempDir static Path totpDir;
  static Sshd sshd;
  static Sshd totpSshd;
  final SshConnector connector = new SshConnector(SshSettings.DEFAULTS);

  @BeforeAll
  static void startServers() throws Exception {
    sshd = Sshd.start(dir, PASSPHRASE);
    totpSshd = Sshd.startWithTotp(totpDir, "", TOTP_SECRET);
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
    if (totpSshd != null) {
      totpSshd.close();
    }
  }

  static Host host(Sshd server, Optional<String> pin) {
    return new Host("test", "127.0.0.1", server.port(), "root", Role.IDENTITY_ACTIVE, pin, ServiceMode.PLAIN,
        "/tmp", server.clientKey(), 9090);
  }

  static Credentials passphrase(String passphrase) {
    return new Credentials(prompt -> passphrase.toCharArray(), Credentials.SecretPrompt.NONE);
  }

  @Test
  void runsCommandsWithThePinnedHostKeyAndAPassphraseProtectedKey() throws Exception {
    try (RemoteSession session =
        connector.open(host(sshd, Optional.of(sshd.hostKeyFingerprint())), passphrase(PASSPHRASE))) {
      ExecResult result = session.exec("echo hello; echo oops >&2; exit 7");
      assertThat(result.exitStatus()).as("the remote exit status comes back").isEqualTo(7);
      assertThat(result.stdout()).isEqualTo("hello\n");
      assertThat(result.stderr()).isEqualTo("oops\n");
    }
  }

  @Test
  void forwardsALocalPortToTheHostsLoopback() throws Exception {
    com.sun.net.httpserver.HttpServer listener =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/health", exchange -> {
      byte[] body = "ok\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    listener.start();
    try (RemoteSession session =
            connector.open(host(sshd, Optional.of(sshd.hostKeyFingerprint())), passphrase(PASSPHRASE));
        Tunnel tunnel = session.forward(listener.getAddress().getPort())) {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + tunnel.localPort() + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).as("the host's loopback listener answers through the forward: " + sshd.log())
          .isEqualTo("ok\n");
    } finally {
      listener.stop(0);
    }
  }

  @Test
  void keepsAtMostTheOutputLimitOfACommand() throws Exception {
    SshConnector small = new SshConnector(
        new SshSettings(SshSettings.DEFAULTS.connectTimeout(), SshSettings.DEFAULTS.commandTimeout(), 1_000));
    try (RemoteSession session =
        small.open(host(sshd, Optional.of(sshd.hostKeyFingerprint())), passphrase(PASSPHRASE))) {
      ExecResult result = session.exec("head -c 5000000 /dev/zero | tr '\\0' x");
      assertThat(result.exitStatus()).as("the command still runs to its end").isZero();
      assertThat(result.stdout()).as("only the first 1000 bytes are kept").hasSize(1_000);
    }
  }

  @Test
  void refusesAHostWhoseKeyDiffersFromThePin() {
    String otherKey = "SHA256:" + "A".repeat(43);
    assertThatThrownBy(() -> connector.open(host(sshd, Optional.of(otherKey)), passphrase(PASSPHRASE)))
        .as("a changed host key is refused, naming both fingerprints")
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("HOST KEY CHANGED")
        .hasMessageContaining(sshd.hostKeyFingerprint())
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.HOST_KEY_CHANGED));
  }

  @Test
  void refusesToConnectToAHostWithoutAPinnedKey() {
    assertThatThrownBy(() -> connector.open(host(sshd, Optional.empty()), passphrase(PASSPHRASE)))
        .as("no pin, no connection")
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN));
  }

  @Test
  void firstUseShowsTheFingerprintAndPinsItOnlyWhenTheOperatorAccepts() throws Exception {
    List<String> shown = new ArrayList<>();
    String pinned = connector.learnHostKey(host(sshd, Optional.empty()), null, (name, fingerprint) -> {
      shown.add(fingerprint);
      return true;
    });
    assertThat(shown).as("the operator saw the real fingerprint").containsExactly(sshd.hostKeyFingerprint());
    assertThat(pinned).isEqualTo(sshd.hostKeyFingerprint());

    assertThatThrownBy(() -> connector.learnHostKey(host(sshd, Optional.empty()), null, HostKeyDecision.REFUSE))
        .as("a refused first-use key is not pinned")
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN));
  }

  @Test
  void takesTheKeyFromKnownHostsWithoutAsking() throws Exception {
    Path knownHosts = dir.resolve("known_hosts_ok");
    Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    String pinned = connector.learnHostKey(host(sshd, Optional.empty()), knownHosts, (name, fingerprint) -> {
      throw new AssertionError("known_hosts decides; the operator is not asked");
    });
    assertThat(pinned).isEqualTo(sshd.hostKeyFingerprint());
  }

  @Test
  void refusesAKeyThatDiffersFromKnownHosts() throws Exception {
    Path knownHosts = dir.resolve("known_hosts_other");
    // The TOTP server's key, listed under this server's address: what a man in the middle would look like.
    String[] other = totpSshd.knownHostsLine().split(" ");
    Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + other[1] + " " + other[2] + "\n");
    assertThatThrownBy(() -> connector.learnHostKey(host(sshd, Optional.empty()), knownHosts, (n, f) -> true))
        .as("a key different from known_hosts is refused even if the operator would accept")
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.HOST_KEY_CHANGED));
  }

  @Test
  void refusesAWrongPassphrase() {
    assertThatThrownBy(() ->
            connector.open(host(sshd, Optional.of(sshd.hostKeyFingerprint())), passphrase("wrong")))
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.AUTH_FAILED));
  }

  @Test
  void answersTheSecondFactorWithTheCurrentTotpCode() throws Exception {
    List<String> prompts = new ArrayList<>();
    Credentials credentials = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      prompts.add(prompt);
      return Totp.code(TOTP_SECRET, Instant.now()).toCharArray();
    });
    try (RemoteSession session = openOrShowLog(totpSshd, credentials)) {
      assertThat(session.exec("echo in").stdout()).as("key plus TOTP opens a session: " + totpSshd.log())
          .isEqualTo("in\n");
    }
    assertThat(prompts).as("the operator was asked for the code once").hasSize(1);
  }

  private RemoteSession openOrShowLog(Sshd server, Credentials credentials) throws Exception {
    try {
      return connector.open(host(server, Optional.of(server.hostKeyFingerprint())), credentials);
    } catch (RemoteException e) {
      throw new AssertionError(e.getMessage() + "; sshd log: " + server.log(), e);
    }
  }

  @Test
  void refusesAWrongTotpCode() {
    Credentials credentials = new Credentials(Credentials.SecretPrompt.NONE, prompt -> {
      String good = Totp.code(TOTP_SECRET, Instant.now());
      return String.format("%06d", (Integer.parseInt(good) + 500_000) % 1_000_000).toCharArray();
    });
    assertThatThrownBy(() ->
            connector.open(host(totpSshd, Optional.of(totpSshd.hostKeyFingerprint())), credentials))
        .as("the key alone is not enough when the host requires the second factor")
        .isInstanceOf(RemoteException.class)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.AUTH_FAILED));
  }
}

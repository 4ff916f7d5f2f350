package io.rvnt.remote.ssh;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens SSH sessions to inventory hosts. Host keys are always verified against the pin of the inventory (server
 * architecture, "Access control"); a host without a pin cannot be reached until {@link #learnHostKey} and the
 * operator's decision produced one. Authentication is the host's key file, then, when the server asks, a
 * keyboard-interactive round answered with the operator's TOTP code.
 */
public final class SshConnector {
  private final SshSettings settings;

  public SshConnector(SshSettings settings) {
    this.settings = settings;
  }

  /**
   * Connects without authenticating to learn the host's key, then decides: a match in {@code knownHosts} is taken,
   * a different key there is refused, otherwise {@code decision} asks the operator. Returns the fingerprint to pin.
   */
  public String learnHostKey(Host host, Path knownHosts, HostKeyDecision decision) throws RemoteException {
    ProbedHostKey probe = new ProbedHostKey();
    try (SSHClient client = newClient()) {
      client.addHostKeyVerifier(probe);
      client.connect(host.address(), host.port());
    } catch (TransportException e) {
      // Expected: the probe refuses every key so that nothing else happens on this connection.
    } catch (IOException e) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": cannot connect (" + e.getMessage() + ")", e);
    }
    PublicKey key = probe.key();
    if (key == null) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": the server offered no host key");
    }
    String fingerprint = Fingerprints.sha256(key);
    KnownHosts.Verdict verdict;
    try {
      verdict = KnownHosts.check(knownHosts, host.address(), host.port(), key);
    } catch (IOException e) {
      throw new RemoteException(Reason.LOCAL_IO, "cannot read " + knownHosts + ": " + e.getMessage(), e);
    }
    switch (verdict) {
      case MATCHES:
        return fingerprint;
      case DIFFERS:
        throw new RemoteException(Reason.HOST_KEY_CHANGED, host.name() + ": host key " + fingerprint
            + " differs from the one in " + knownHosts + "; refusing (possible man-in-the-middle)");
      default:
        if (decision.acceptFirstUse(host.name(), fingerprint)) {
          return fingerprint;
        }
        throw new RemoteException(Reason.HOST_KEY_UNKNOWN, host.name() + ": host key " + fingerprint
            + " was not accepted");
    }
  }

  /** Connects to a host with a pinned key and authenticates; the caller closes the session. */
  public RemoteSession open(Host host, Credentials credentials) throws RemoteException {
    String pin = host.hostKey().orElseThrow(() -> new RemoteException(Reason.HOST_KEY_UNKNOWN,
        host.name() + ": no pinned host key; add the host again to verify and accept its key"));
    PinnedHostKey verifier = new PinnedHostKey(pin);
    SSHClient client = newClient();
    try {
      client.addHostKeyVerifier(verifier);
      try {
        client.connect(host.address(), host.port());
      } catch (TransportException e) {
        if (verifier.offered() != null && !verifier.offered().equals(pin)) {
          throw new RemoteException(Reason.HOST_KEY_CHANGED, host.name() + ": HOST KEY CHANGED: offered "
              + verifier.offered() + ", pinned " + pin + "; refusing to connect (possible man-in-the-middle)", e);
        }
        throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": cannot connect (" + e.getMessage() + ")",
            e);
      }
      authenticate(client, host, credentials);
      client.getConnection().getKeepAlive().setKeepAliveInterval(15);
      return new RemoteSession(host, client, settings);
    } catch (RemoteException | RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  private void authenticate(SSHClient client, Host host, Credentials credentials) throws RemoteException {
    Path keyFile = host.identityFile();
    if (!Files.isReadable(keyFile)) {
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": cannot read key file " + keyFile);
    }
    try {
      KeyProvider key = client.loadKeys(keyFile.toString(), new Passphrase(credentials.passphrase(), keyFile));
      List<AuthMethod> methods =
          List.of(new AuthPublickey(key), new AuthKeyboardInteractive(new Totp(credentials.secondFactor(), host)));
      client.auth(host.user(), methods);
    } catch (UserAuthException e) {
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": authentication refused (key, passphrase or "
          + "one-time code)", e);
    } catch (IOException | RuntimeException e) {
      // A wrong passphrase surfaces as a decoding failure of the key file.
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": cannot use key " + keyFile + " ("
          + e.getClass().getSimpleName() + "; wrong passphrase?)", e);
    }
    if (!client.isAuthenticated()) {
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": authentication incomplete");
    }
  }

  private SSHClient newClient() {
    SSHClient client = new SSHClient(new DefaultConfig());
    client.setConnectTimeout((int) settings.connectTimeout().toMillis());
    client.setTimeout((int) settings.connectTimeout().toMillis());
    return client;
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // Already failing; the first error is the one to report.
    }
  }

  /** Asks for the key's passphrase once; a second ask means it was wrong, so it does not retry. */
  private static final class Passphrase implements PasswordFinder {
    private final Credentials.SecretPrompt prompt;
    private final Path keyFile;

    Passphrase(Credentials.SecretPrompt prompt, Path keyFile) {
      this.prompt = prompt;
      this.keyFile = keyFile;
    }

    @Override
    public char[] reqPassword(Resource<?> resource) {
      return prompt.ask("Passphrase for " + keyFile + ": ");
    }

    @Override
    public boolean shouldRetry(Resource<?> resource) {
      return false;
    }
  }

  /**
   * Answers the keyboard-interactive round of {@code AuthenticationMethods publickey,keyboard-interactive}: every
   * hidden prompt (pam_google_authenticator's "Verification code:") gets the operator's current code. One try.
   */
  private static final class Totp implements ChallengeResponseProvider {
    private final Credentials.SecretPrompt prompt;
    private final Host host;

    Totp(Credentials.SecretPrompt prompt, Host host) {
      this.prompt = prompt;
      this.host = host;
    }

    @Override
    public List<String> getSubmethods() {
      return List.of();
    }

    @Override
    @SuppressWarnings("rawtypes") // sshj's interface declares the raw type.
    public void init(Resource resource, String name, String instruction) {}

    @Override
    public char[] getResponse(String serverPrompt, boolean echo) {
      char[] code = prompt.ask(host.name() + " " + serverPrompt.strip() + " ");
      return code == null ? new char[0] : code;
    }

    @Override
    public boolean shouldRetry() {
      return false;
    }
  }
}

package io.rvnt.remote.ssh;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;

/**
 * Opens SSH sessions to inventory hosts. Host keys are always verified against the pin of the inventory (server
 * architecture, "Access control"); a host without a pin cannot be reached until {@link #learnHostKey} and the
 * operator's decision produced one. Authentication ({@link Authentication}) is the host's key file, then, when the
 * server asks, a keyboard-interactive round answered with the operator's TOTP code. Thread-safe; one connector per
 * process (the CLI's run, the console) keeps logins to all hosts in one queue.
 */
public final class SshConnector {
  private final SshSettings settings;
  private final OneTimeCodes codes;
  /** Fair: hosts waiting to log in take their turn in the order they asked. */
  private final ReentrantLock logins = new ReentrantLock(true);

  public SshConnector(SshSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** {@code clock} tells the 30-second steps of one-time codes. */
  public SshConnector(SshSettings settings, Clock clock) {
    this.settings = settings;
    this.codes = new OneTimeCodes(clock);
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
    return open(host, credentials, notice -> {});
  }

  /**
   * Connects to a host with a pinned key and authenticates; the caller closes the session. Logins of this connector
   * happen one at a time, so that each host asks for its one-time code right after its own connection opened (its
   * LoginGraceTime runs from there) and two logins never offer one code twice; a host that took a code in the current
   * 30-second step first waits for the next one. {@code notices} hears about such waits, "connecting" when the
   * connection is opened and "logged in" once authenticated, both while this login holds the turn, so the notices of
   * two logins never interleave.
   */
  public RemoteSession open(Host host, Credentials credentials, Consumer<String> notices) throws RemoteException {
    String pin = host.hostKey().orElseThrow(() -> new RemoteException(Reason.HOST_KEY_UNKNOWN,
        host.name() + ": no pinned host key; add the host again to verify and accept its key"));
    String login = Authentication.login(host);
    try {
      while (true) {
        codes.awaitFresh(login, host.name(), notices);
        logins.lockInterruptibly();
        try {
          if (codes.fresh(login)) {
            return connectAndAuthenticate(host, pin, credentials, notices);
          }
        } finally {
          logins.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(Reason.CANCELLED, host.name() + ": interrupted", e);
    }
  }

  private RemoteSession connectAndAuthenticate(Host host, String pin, Credentials credentials,
      Consumer<String> notices) throws RemoteException {
    PinnedHostKey verifier = new PinnedHostKey(pin);
    SSHClient client = newClient();
    try {
      client.addHostKeyVerifier(verifier);
      notices.accept("connecting");
      long openedAt = System.nanoTime();
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
      new Authentication(client, host, credentials, codes, openedAt).run();
      client.getConnection().getKeepAlive().setKeepAliveInterval(15);
      notices.accept("logged in");
      return new RemoteSession(host, client, settings);
    } catch (RemoteException | RuntimeException e) {
      closeQuietly(client);
      throw e;
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
}

package io.rvnt.remote.ssh;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Logs in as docs/remote.md sets hosts up: the operator's key, then, when the server asks
 * ({@code AuthenticationMethods publickey,keyboard-interactive}), the TOTP code in a keyboard-interactive round. A
 * refusal names what failed, as far as the server tells it (RFC 4252, RFC 4256): whether it accepted the key (partial
 * success), whether it asked for a code at all (pam_google_authenticator's rate limit refuses before asking), what its
 * prompts and instructions said, and whether it closed the connection while the operator typed (LoginGraceTime).
 * One login per call; not thread-safe.
 */
final class Authentication {
  private static final String KEYBOARD_INTERACTIVE = "keyboard-interactive";

  private final SSHClient client;
  private final Host host;
  private final Credentials credentials;
  private final OneTimeCodes codes;
  private final long openedAtNanos;

  Authentication(SSHClient client, Host host, Credentials credentials, OneTimeCodes codes, long openedAtNanos) {
    this.client = client;
    this.host = host;
    this.credentials = credentials;
    this.codes = codes;
    this.openedAtNanos = openedAtNanos;
  }

  /** The {@code user@address:port} a one-time code belongs to. */
  static String login(Host host) {
    return host.user() + "@" + host.address() + ":" + host.port();
  }

  void run() throws RemoteException {
    KeyProvider key = loadKey();
    try {
      client.auth(host.user(), new AuthPublickey(key));
    } catch (UserAuthException e) {
      if (!client.getUserAuth().hadPartialSuccess()) {
        throw refused("the host refused the key " + host.identityFile() + " for " + host.user(), e);
      }
    } catch (TransportException e) {
      throw refused(closed("while checking the key", e), e);
    }
    if (client.isAuthenticated()) {
      return;
    }
    Collection<String> next = client.getUserAuth().getAllowedMethods();
    if (!next.contains(KEYBOARD_INTERACTIVE)) {
      throw refused("key accepted, but the host wants " + String.join(", ", next)
          + " next; rvnt remote answers keyboard-interactive (a one-time code) only", null);
    }
    SecondFactor secondFactor = new SecondFactor();
    try {
      client.auth(host.user(), new AuthKeyboardInteractive(secondFactor));
    } catch (UserAuthException e) {
      // sshj may report a connection the host closed during the round as a failed method: the transport tells.
      throw refused(client.getTransport().isRunning() ? secondFactor.whyRefused() : closedDuring(secondFactor, e), e);
    } catch (TransportException e) {
      throw refused(closedDuring(secondFactor, e), e);
    }
    if (!client.isAuthenticated()) {
      throw refused("authentication incomplete", null);
    }
    codes.accepted(login(host));
  }

  private KeyProvider loadKey() throws RemoteException {
    Path keyFile = host.identityFile();
    if (!Files.isReadable(keyFile)) {
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": cannot read key file " + keyFile);
    }
    try {
      return client.loadKeys(keyFile.toString(), new Passphrase(credentials.passphrase(), keyFile));
    } catch (IOException | RuntimeException e) {
      // A wrong passphrase surfaces as a decoding failure of the key file.
      throw new RemoteException(Reason.AUTH_FAILED, host.name() + ": cannot use key " + keyFile + " ("
          + e.getClass().getSimpleName() + "; wrong passphrase?)", e);
    }
  }

  private RemoteException refused(String why, Exception cause) {
    return new RemoteException(Reason.AUTH_FAILED, host.name() + ": " + why, cause);
  }

  private String closedDuring(SecondFactor secondFactor, Exception e) {
    return secondFactor.prompted()
        ? closed("while waiting for the one-time code", e) + "; sshd's LoginGraceTime (30 s in rvnt-sshd.conf) "
            + "ends a login that is not done in time: type the code as soon as it is asked"
        : closed("before asking for the one-time code", e);
  }

  /** The server's disconnect message when it sent one (MaxAuthTries: "Too many authentication failures"). */
  private String closed(String when, Exception e) {
    long seconds = (System.nanoTime() - openedAtNanos) / 1_000_000_000L;
    String said = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage().strip() + ")";
    return "the host closed the connection " + seconds + " s after it opened, " + when + said;
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
   * Answers the keyboard-interactive round: every prompt (pam_google_authenticator's "Verification code:") gets the
   * operator's current code, asked with the seconds left before it changes. Remembers what the server said, to tell a
   * refusal apart. One try: a second round would count against MaxAuthTries and fail2ban.
   */
  private final class SecondFactor implements ChallengeResponseProvider {
    private final List<String> said = new ArrayList<>();
    private boolean prompted;
    private boolean answered;

    boolean prompted() {
      return prompted;
    }

    @Override
    public List<String> getSubmethods() {
      return List.of();
    }

    @Override
    @SuppressWarnings("rawtypes") // sshj's interface declares the raw type.
    public void init(Resource resource, String name, String instruction) {
      for (String text : new String[] {name, instruction}) {
        if (text != null && !text.isBlank()) {
          said.add(text.strip());
        }
      }
    }

    @Override
    public char[] getResponse(String serverPrompt, boolean echo) {
      prompted = true;
      char[] code = credentials.secondFactor().ask(host.name() + " " + serverPrompt.strip() + " (this code changes in "
          + codes.secondsToNextCode() + " s) ");
      answered = code != null && code.length > 0;
      return code == null ? new char[0] : code;
    }

    @Override
    public boolean shouldRetry() {
      return false;
    }

    String whyRefused() {
      String server = said.isEmpty() ? "" : "; the host said: " + String.join(" / ", said);
      if (!prompted) {
        return "key accepted, but the host refused the second factor without asking for a code: too many logins "
            + "in the last 30 s (pam_google_authenticator's RATE_LIMIT; docs/remote.md enrols 3 per 30 s), "
            + "wait half a minute and try again" + server;
      }
      if (!answered) {
        return "key accepted, no one-time code given" + server;
      }
      return "key accepted, one-time code refused: mistyped, expired, or already used (each code works once; "
          + "the next comes in " + codes.secondsToNextCode() + " s)" + server;
    }
  }
}

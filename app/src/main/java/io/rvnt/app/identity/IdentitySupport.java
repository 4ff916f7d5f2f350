package io.rvnt.app.identity;

import io.rvnt.app.CliException;
import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityAccounts;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.client.IdentityClientException;
import io.rvnt.protocol.client.Keystore;
import io.rvnt.protocol.identity.Usernames;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;

/** What the {@code identity} subcommands share: defaults, wiring, and turning failures into one line. */
final class IdentitySupport {
  private IdentitySupport() {}

  /** Spec §3: clients lowercase what a person types, then the rule decides. */
  static String username(String typed) {
    String username = typed.toLowerCase(Locale.ROOT);
    if (!Usernames.isValid(username)) {
      throw new CliException(
          "invalid username: 3 to 32 characters, a letter first, then letters, digits or _");
    }
    return username;
  }

  /** {@code $XDG_DATA_HOME/rvnt/keystore} when that is an absolute path, else {@code ~/.local/share/rvnt/keystore}. */
  static Path defaultKeystore(String xdgDataHome, String userHome) {
    if (xdgDataHome != null && !xdgDataHome.isEmpty() && Path.of(xdgDataHome).isAbsolute()) {
      return Path.of(xdgDataHome, "rvnt", "keystore");
    }
    return Path.of(userHome, ".local", "share", "rvnt", "keystore");
  }

  static IdentityClient client(ServerOption server, int powThreads) {
    try {
      return new IdentityClient(server.server, ClientConfig.defaults().withPowThreads(powThreads), Clock.systemUTC(),
          server.socksOrNull());
    } catch (IllegalArgumentException e) {
      throw new CliException("bad --server: " + e.getMessage());
    }
  }

  /** Opens the keystore; only {@code create} makes a missing one, so commands that read change nothing. */
  static Keystore keystore(Path dir, boolean create) {
    try {
      return create ? Keystore.open(dir) : Keystore.openExisting(dir);
    } catch (NoSuchFileException e) {
      throw new CliException("no keystore at " + dir.toAbsolutePath());
    } catch (IOException e) {
      throw new CliException("keystore " + dir + ": " + message(e));
    }
  }

  static IdentityAccounts accounts(ServerOption server, Path keystore, boolean create, int powThreads) {
    return new IdentityAccounts(client(server, powThreads), keystore(keystore, create), new SecureRandom());
  }

  /** Progress on stderr; a rewritten line only when there is a console to rewrite it on. */
  static PowProgress progress(PrintWriter err) {
    return new PowProgress(err, System.console() != null, System::nanoTime);
  }

  /** A call to the server or the keystore, whose failures become one line. */
  interface Call<T> {
    T run() throws IOException, InterruptedException, IdentityClientException;
  }

  static <T> T run(Call<T> call) {
    try {
      return call.run();
    } catch (IdentityClientException e) {
      if (e.status() == IdentityClientException.CLIENT_SIDE) {
        throw new CliException(e.getMessage());
      }
      throw new CliException("server refused (" + e.status() + " " + e.code() + "): " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new CliException("no keystore entry for this username (" + e.getFile() + ")");
    } catch (HttpConnectTimeoutException e) {
      throw new CliException("cannot reach the server: connection timed out");
    } catch (ConnectException e) {
      throw new CliException("cannot reach the server: connection refused");
    } catch (HttpTimeoutException e) {
      throw new CliException("the server did not answer in time");
    } catch (IOException e) {
      throw new CliException(message(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}

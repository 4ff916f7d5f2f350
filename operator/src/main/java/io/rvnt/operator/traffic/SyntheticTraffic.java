package io.rvnt.operator.traffic;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.OperatorException.Reason;
import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityAccounts;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.client.IdentityClientException;
import io.rvnt.protocol.client.Keystore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Drives a sandbox's identity server the way real clients do, through the project's client library: each round
 * registers a new throwaway user with a real proof of work, fetches its bundle, uploads more prekeys (another proof
 * of work) and fetches the bundle again. The throwaway keys live in a keystore under the sandbox folder.
 * Cancelled by interrupting the running thread (the client's proofs of work stop on interrupt).
 *
 * <p>DHT lookups are the DHT health probe's business (module dht); the console runs them after these rounds.
 */
public final class SyntheticTraffic {
  /** Prekeys per registration and per upload: small, so a round is quick, but more than one. */
  static final int PREKEYS_PER_UPLOAD = 5;
  /** A run is a demonstration, not a load test; bench/ has those. */
  public static final int MAX_ROUNDS = 1000;

  private final IdentityAccounts accounts;
  private final SecureRandom random;

  public SyntheticTraffic(URI identityApi, Path keystoreDirectory, Clock clock, SecureRandom random)
      throws OperatorException {
    this.random = random;
    try {
      IdentityClient client = new IdentityClient(identityApi, ClientConfig.defaults(), clock);
      this.accounts = new IdentityAccounts(client, Keystore.open(keystoreDirectory), random);
    } catch (IOException e) {
      throw new OperatorException(Reason.IO, "cannot open the traffic keystore: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code rounds} rounds, reporting after each request. Refusals by the server are counted, not thrown: a
   * sandbox under load answering 429 is part of what the charts should show.
   */
  public TrafficProgress run(int rounds, Consumer<TrafficProgress> progress) throws OperatorException {
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("rounds must be 1 to " + MAX_ROUNDS);
    }
    int done = 0;
    int registrations = 0;
    int fetches = 0;
    int uploads = 0;
    int errors = 0;
    String lastError = "";
    progress.accept(TrafficProgress.start(rounds));
    for (int round = 0; round < rounds; round++) {
      String username = "sandbox_" + HexFormat.of().formatHex(randomBytes(8));
      try {
        accounts.register(username, PREKEYS_PER_UPLOAD, hashes -> { });
        registrations++;
        progress.accept(new TrafficProgress(done, rounds, registrations, fetches, uploads, errors, lastError));
        accounts.bundle(username);
        fetches++;
        accounts.addPreKeys(username, PREKEYS_PER_UPLOAD, false, hashes -> { });
        uploads++;
        accounts.bundle(username);
        fetches++;
      } catch (IdentityClientException e) {
        errors++;
        lastError = e.getMessage();
      } catch (IOException e) {
        throw new OperatorException(Reason.IO, "the identity server did not answer: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperatorException(Reason.CANCELLED, "synthetic traffic was cancelled after " + done + " rounds");
      }
      done++;
      progress.accept(new TrafficProgress(done, rounds, registrations, fetches, uploads, errors, lastError));
    }
    return new TrafficProgress(done, rounds, registrations, fetches, uploads, errors, lastError);
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}

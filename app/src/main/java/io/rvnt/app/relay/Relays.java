package io.rvnt.app.relay;

import io.rvnt.app.CliException;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.RelayException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What every relay-client command shares: the relay's address, the timeout, and one way to report failures. */
final class Relays {

  /** The options of a command that talks to relays. */
  static final class Options {
    @Option(names = "--key", paramLabel = "FILE", required = true,
        description = "The key file (mode 0600): created by 'create' on first use.")
    Path key;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "For each connection and request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;
  }

  /** A relay call. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  private Relays() {}

  static Multiaddr address(String text) {
    try {
      Multiaddr address = Multiaddr.parse(text);
      if (address.peerIdMultihash().isEmpty()) {
        throw new CliException("a relay address needs its /p2p/PEER_ID part: " + text);
      }
      return address;
    } catch (MultiformatException e) {
      throw new CliException("not a multiaddr: " + text, e);
    }
  }

  static RelayClient client(Options options) {
    return RelayClient.start(Duration.ofSeconds(options.timeoutSeconds));
  }

  static RelaySession connect(RelayClient client, Multiaddr relay) {
    return run(() -> client.connect(relay));
  }

  /** Runs {@code call}, turning refusals and transport failures into one-line errors. */
  static <T> T run(Call<T> call) {
    try {
      return call.run();
    } catch (RelayException e) {
      throw new CliException("the relay refused: " + e.status() + " (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}

package io.rvnt.app.relay;

import io.rvnt.app.CliException;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rvnt relay-client deposit}: one message, padded, to today's deposit id of the key file's contact. */
@Command(
    name = "deposit",
    mixinStandardHelpOptions = true,
    description = "Deposits a message (padded, not encrypted) with today's deposit id of the key file's contact "
        + "secret, as that contact would. Prints the envelope id once the relay has it on disk.")
final class DepositCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Relays.Options options;

  @Option(names = "--relay", paramLabel = "MULTIADDR", required = true, description = "The relay, with /p2p/PEER_ID.")
  String relay;

  @Option(names = "--message", paramLabel = "TEXT", required = true, description = "At most 65532 bytes of UTF-8.")
  String message;

  @Override
  public Integer call() {
    Multiaddr address = Relays.address(relay);
    byte[] content = message.getBytes(StandardCharsets.UTF_8);
    if (content.length > Padding.MAX_CONTENT_BYTES) {
      throw new CliException("the message is above " + Padding.MAX_CONTENT_BYTES + " bytes");
    }
    KeyFile keys = KeyFile.load(options.key);
    byte[] blob = Padding.pad(content);
    PrintWriter out = spec.commandLine().getOut();
    try (RelayClient client = Relays.client(options); RelaySession session = Relays.connect(client, address)) {
      int day = Relays.run(session::hello).day();
      byte[] depositId = RelayIds.depositId(keys.depositSecret, session.relayPeerId(), day);
      Relays.run(() -> {
        session.deposit(depositId, blob);
        return null;
      });
    }
    out.println("deposited envelope " + HexFormat.of().formatHex(RelayIds.envelopeId(blob)) + " (" + blob.length
        + " bytes)");
    out.flush();
    return 0;
  }
}

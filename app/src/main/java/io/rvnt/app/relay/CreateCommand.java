package io.rvnt.app.relay;

import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayParams;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rvnt relay-client create}: a mailbox on a relay, with deposit ids registered for the coming days. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {"Creates a mailbox on a relay (solving its proof of work) and registers the deposit ids of the "
        + "key file's contact secret for today and the coming days. Creates the key file first if it is missing.",
        "Running it again is harmless: it registers the days again."})
final class CreateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Relays.Options options;

  @Option(names = "--relay", paramLabel = "MULTIADDR", required = true, description = "The relay, with /p2p/PEER_ID.")
  String relay;

  @Option(names = "--days", paramLabel = "N", defaultValue = "7",
      description = "Days after today to register deposit ids for (default: ${DEFAULT-VALUE}, at most the relay's "
          + "register-days-ahead).")
  int days;

  @Override
  public Integer call() {
    Multiaddr address = Relays.address(relay);
    KeyFile keys = KeyFile.loadOrCreate(options.key);
    PrintWriter out = spec.commandLine().getOut();
    try (RelayClient client = Relays.client(options); RelaySession session = Relays.connect(client, address)) {
      RelayParams params = Relays.run(session::hello);
      MailboxKey key = MailboxKey.forRelay(keys.masterSeed, session.relayPeerId());
      Relays.run(() -> {
        session.createMailbox(key, params.createPowBits());
        return null;
      });
      int last = params.day() + Math.max(0, Math.min(days, params.registerDaysAhead()));
      for (int day = params.day(); day <= last; day++) {
        List<byte[]> ids = List.of(RelayIds.depositId(keys.depositSecret, session.relayPeerId(), day));
        int d = day;
        Relays.run(() -> {
          session.register(key, d, ids);
          return null;
        });
      }
      out.println("mailbox " + HexFormat.of().formatHex(key.mailboxId()) + " ready; deposit ids registered for days "
          + params.day() + " to " + last);
    }
    out.flush();
    return 0;
  }
}

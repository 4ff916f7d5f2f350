package io.rvnt.app.relay;

import io.rvnt.relay.client.Inbox;
import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.protocol.CollectedEnvelope;
import io.rvnt.relay.protocol.Padding;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rvnt relay-client collect}: empties the mailbox on each relay given and prints each envelope once. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = "Collects every waiting envelope of the key file's mailbox on each relay given, acknowledges "
        + "them (the relays delete them), and prints each envelope once however many relays held it.")
final class CollectCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Relays.Options options;

  @Option(names = "--relay", paramLabel = "MULTIADDR", required = true,
      description = "A relay, with /p2p/PEER_ID; repeatable.")
  List<String> relays = new ArrayList<>();

  @Override
  public Integer call() {
    KeyFile keys = KeyFile.load(options.key);
    PrintWriter out = spec.commandLine().getOut();
    List<CollectedEnvelope> envelopes;
    try (RelayClient client = Relays.client(options)) {
      List<Inbox.Mailbox> mailboxes = new ArrayList<>();
      int today = 0;
      for (String relay : relays) {
        RelaySession session = Relays.connect(client, Relays.address(relay));
        today = Math.max(today, Relays.run(session::hello).day());
        mailboxes.add(new Inbox.Mailbox(session, MailboxKey.forRelay(keys.masterSeed, session.relayPeerId())));
      }
      int day = today;
      envelopes = Relays.run(() -> new Inbox(16, 7).collect(mailboxes, day));
      mailboxes.forEach(m -> m.session().close());
    }
    for (CollectedEnvelope e : envelopes) {
      String content = Padding.unpad(e.blob()).map(b -> new String(b, StandardCharsets.UTF_8))
          .orElse("(" + e.blob().length + " bytes, not in the reference layout)");
      out.println("envelope " + HexFormat.of().formatHex(e.id()) + " day " + e.day() + ": " + content);
    }
    out.println(envelopes.size() + (envelopes.size() == 1 ? " envelope" : " envelopes"));
    out.flush();
    return 0;
  }
}

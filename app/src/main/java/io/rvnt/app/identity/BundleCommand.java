package io.rvnt.app.identity;

import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.crypto.Fingerprints;
import io.rvnt.protocol.identity.PublicBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rvnt identity bundle NAME}: fetch and verify a bundle (spec §7.2). */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = "Fetch a user's key bundle, verify both prekey signatures and every key length, and print the "
        + "identity key's fingerprint and the one-time prekey id received (the server hands each out once).")
final class BundleCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ServerOption server;

  @Parameters(index = "0", paramLabel = "NAME", description = "The username whose bundle to fetch.")
  String name;

  @Override
  public Integer call() {
    String username = IdentitySupport.username(name);
    IdentityClient client = IdentitySupport.client(server, 1);
    PublicBundle bundle = IdentitySupport.run(() -> client.fetchBundle(username));
    var out = spec.commandLine().getOut();
    out.println("bundle of " + username + " verified");
    out.println("identity fingerprint: " + Fingerprints.of(bundle.identityKey()));
    out.println("signed prekey id: " + Integer.toUnsignedString(bundle.signedPreKey().id()));
    out.println("PQ prekey id: " + Integer.toUnsignedString(bundle.pqPreKey().id()));
    out.println(bundle.oneTimePreKey()
        .map(key -> "one-time prekey id: " + Integer.toUnsignedString(key.id()))
        .orElse("one-time prekey: none left (the signed and PQ prekeys serve as the last resort)"));
    out.flush();
    return 0;
  }
}

package io.rvnt.app.cluster;

import io.rvnt.app.CliException;
import io.rvnt.server.cluster.MemberKeys;
import io.rvnt.server.config.ClusterMember;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rvnt cluster keygen}: a member's replication key (mode 0600) and self-signed certificate, and the pin every
 * member's configuration lists for it (docs/cluster.md). Never overwrites a file.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Make a cluster member's TLS key (mode 0600) and certificate, and print the pin for cluster-member.NAME.",
      "Refuses to overwrite an existing file."
    })
final class ClusterKeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "The member's name.")
  String name;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "Where to write the private key.")
  Path key;

  @Option(names = "--certificate", paramLabel = "FILE", required = true,
      description = "Where to write the certificate.")
  Path certificate;

  @Override
  public Integer call() {
    if (!ClusterMember.NAME.matcher(name).matches()) {
      throw new CliException("--name: lower case letters, digits, '-' and '_', starting with a letter, at most 32");
    }
    MemberKeys keys;
    try {
      keys = MemberKeys.generate(name, key, certificate);
    } catch (IOException e) {
      throw new CliException("cannot write the member's key: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("certificate pin of " + name + ": " + keys.pin());
    out.flush();
    return 0;
  }
}

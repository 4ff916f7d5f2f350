package io.rvnt.app.console;

import io.rvnt.operator.OperatorException;
import io.rvnt.operator.instances.Endpoint;
import io.rvnt.operator.instances.Instance;
import io.rvnt.operator.instances.InstanceStatus;
import io.rvnt.operator.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rvnt sandbox}: the console's local sandbox without a window. Starts every instance, prints its
 * endpoints, and stops them all on Ctrl-C or SIGTERM; the instances also exit by themselves if this process is
 * killed outright.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local sandbox headless: the identity cluster (identity-active and identity-passive, which serve "
          + "clients, and identity-witness), the bootstrap nodes and the relays, each its own process running this "
          + "jar's production command on free loopback ports. Prints each instance's pid and endpoints once the "
          + "cluster's members agree on a leader; Ctrl-C stops everything.",
      "With --single-identity, one identity server (the single embedded instance) instead of the cluster.",
      "With --tor, a private Tor network on loopback (Debian's tor) puts the (active) identity instance behind an "
          + "onion service, as in production; it prints `onion http://ADDRESS.onion via socks5 127.0.0.1:PORT` once "
          + "the onion answers (use it with ./rvnt identity ... --server URL --socks 127.0.0.1:PORT).",
      "Data: $XDG_DATA_HOME/rvnt/sandbox (default ~/.local/share/rvnt/sandbox)."
    })
public final class SandboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Sandbox folder. Default: see above.")
  Path dataDir;

  @Option(names = "--tor", description = "Also run a private Tor network with the identity server as an onion "
      + "service (needs Debian's tor and tor-gencert).")
  boolean tor;

  @Option(names = "--single-identity", description = "Run one identity server instead of the three-member cluster.")
  boolean singleIdentity;

  @Override
  public Integer call() throws Exception {
    Sandbox sandbox = SandboxFactory.create(dataDir != null ? dataDir : Sandbox.defaultRoot(),
        SandboxFactory.plan(Features.bootstrapAvailable(), singleIdentity, tor));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      sandbox.stop();
      stopped.countDown();
    }, "sandbox-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("sandbox in " + sandbox.root());
    out.flush();
    try {
      sandbox.start(name -> {
        out.println("starting " + name + "...");
        out.flush();
      }, () -> false);
    } catch (OperatorException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    for (Instance instance : sandbox.instances()) {
      InstanceStatus status = instance.status();
      StringBuilder line = new StringBuilder(status.name()).append(" (").append(status.role().label())
          .append(", pid ").append(status.pid().isPresent() ? status.pid().getAsLong() : -1).append(")");
      for (Endpoint endpoint : status.endpoints()) {
        line.append("  ").append(endpoint.label()).append(' ').append(endpoint.address());
      }
      out.println(line);
    }
    sandbox.onion().ifPresent(out::println);
    out.println("sandbox running; Ctrl-C stops every instance");
    out.flush();
    stopped.await();
    return 0;
  }
}

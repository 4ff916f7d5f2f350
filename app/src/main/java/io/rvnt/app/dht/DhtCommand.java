package io.rvnt.app.dht;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rvnt dht}: tools for RVNT's DHT. */
@Command(
    name = "dht",
    mixinStandardHelpOptions = true,
    description = "Tools for RVNT's Kademlia DHT and its bootstrap nodes.",
    subcommands = {ProbeCommand.class, DnsaddrRecordsCommand.class})
public final class DhtCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

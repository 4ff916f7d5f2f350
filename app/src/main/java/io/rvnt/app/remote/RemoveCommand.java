package io.rvnt.app.remote;

import io.rvnt.remote.RemoteException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rvnt remote remove}: forgets a host and its pinned key (nothing changes on the host). */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a host from the inventory, with its pinned host key. Nothing changes on the host.")
final class RemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RemoteCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", description = "The host's name.")
  String name;

  @Override
  public Integer call() throws RemoteException {
    Operator.inventory(parent.configDir).remove(name);
    spec.commandLine().getOut().println("removed " + name);
    return 0;
  }
}

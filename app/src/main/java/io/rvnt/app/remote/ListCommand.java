package io.rvnt.app.remote;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rvnt remote list}: the inventory, one host a line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the hosts of the inventory.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RemoteCommand parent;

  @Override
  public Integer call() throws RemoteException {
    PrintWriter out = spec.commandLine().getOut();
    for (Host h : Operator.inventory(parent.configDir).hosts()) {
      out.printf("%-16s %-16s %s@%s:%d %s%s %s%n", h.name(), h.role().label(), h.user(), h.address(), h.port(),
          h.mode().label(), h.root().equals("/") ? "" : " root=" + h.root(), h.hostKey().orElse("(no host key)"));
    }
    return 0;
  }
}

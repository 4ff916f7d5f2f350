package io.rvnt.app.remote;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.log.ActionLog;
import io.rvnt.remote.log.OperatorFiles;
import io.rvnt.remote.ops.HealthSettings;
import io.rvnt.remote.ops.HostActions;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The wiring of the remote commands: config folder, inventory, action log, and how secrets are asked. Secrets are
 * read from the terminal without echo, or, without a terminal, one line each from standard input (for scripts);
 * never from arguments or the environment, never printed.
 */
final class Operator {
  private static BufferedReader stdin;

  private Operator() {}

  static Path folder(Path configDir) {
    return configDir != null ? configDir : OperatorFiles.defaultFolder();
  }

  static Inventory inventory(Path configDir) throws RemoteException {
    return Inventory.load(folder(configDir).resolve("hosts.conf"));
  }

  static ActionLog actionLog(Path configDir) {
    return new ActionLog(folder(configDir).resolve("actions.log"), Clock.systemUTC());
  }

  static HostActions actions(Path configDir, PrintWriter err) {
    Credentials credentials = new Credentials(prompt -> secret(prompt, err), prompt -> secret(prompt, err));
    return new HostActions(new SshConnector(SshSettings.DEFAULTS), credentials, actionLog(configDir),
        HealthSettings.DEFAULTS, Clock.systemUTC());
  }

  /** The hosts named, or all of them, or those of a role; each at most once, in inventory order. */
  static List<Host> select(Inventory inventory, List<String> names, boolean all, Role role) throws RemoteException {
    Set<Host> chosen = new LinkedHashSet<>();
    if (all) {
      chosen.addAll(inventory.hosts());
    }
    if (role != null) {
      inventory.hosts().stream().filter(h -> h.role() == role).forEach(chosen::add);
    }
    for (String name : names == null ? List.<String>of() : names) {
      chosen.add(inventory.get(name));
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("name at least one host, or use --all or --role");
    }
    return new ArrayList<>(chosen);
  }

  static synchronized char[] secret(String prompt, PrintWriter err) {
    Console console = System.console();
    if (console != null) {
      return console.readPassword("%s", prompt);
    }
    err.print(prompt);
    err.flush();
    String line = line();
    return line == null ? null : line.toCharArray();
  }

  static synchronized String line() {
    try {
      if (stdin == null) {
        stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      return stdin.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

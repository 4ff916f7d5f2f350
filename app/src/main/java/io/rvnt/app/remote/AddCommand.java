package io.rvnt.app.remote;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.inventory.Role;
import io.rvnt.remote.inventory.ServiceMode;
import io.rvnt.remote.ssh.HostKeyDecision;
import io.rvnt.remote.ssh.SshConnector;
import io.rvnt.remote.ssh.SshSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rvnt remote add}: records a host after verifying its key: taken from known_hosts when it is there (a
 * different key there is refused), else shown to the operator, who must accept it.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a host. Its SSH host key is verified now: from ~/.ssh/known_hosts when listed there, else "
        + "its SHA256 fingerprint is shown and you accept it by typing 'yes' (or pass --fingerprint to accept "
        + "exactly that key without a prompt). The pinned key is checked on every later connection."})
final class AddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RemoteCommand parent;

  @Parameters(index = "0", paramLabel = "NAME", description = "Name for the host (letters, digits, . _ -).")
  String name;

  @Option(names = "--address", required = true, paramLabel = "HOST", description = "DNS name or IP address.")
  String address;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "22", description = "SSH port. Default: 22.")
  int port;

  @Option(names = "--user", required = true, paramLabel = "USER",
      description = "SSH user; commands run through sudo -n unless it is root.")
  String user;

  @Option(names = "--role", required = true, paramLabel = "ROLE",
      description = "identity-active, identity-passive, identity-witness (the identity cluster's third voter), "
          + "bootstrap or relay.")
  String role;

  @Option(names = "--identity-file", required = true, paramLabel = "FILE",
      description = "Your private key for this host (OpenSSH format; a passphrase is asked when needed).")
  Path identityFile;

  @Option(names = "--service-mode", paramLabel = "MODE", defaultValue = "systemd",
      description = "systemd (default) or plain, for hosts without systemd (docs/remote.md).")
  String mode;

  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
      description = "Where RVNT lives on the host: / (default; required with systemd) or a folder in plain mode.")
  String root;

  @Option(names = "--admin-port", paramLabel = "PORT",
      description = "The service's loopback admin port on the host. Default: 9090 identity (witness too), 9091 "
          + "bootstrap, 9092 relay.")
  Integer adminPort;

  @Option(names = "--known-hosts", paramLabel = "FILE",
      description = "OpenSSH known_hosts to consult. Default: ~/.ssh/known_hosts.")
  Path knownHosts;

  @Option(names = "--fingerprint", paramLabel = "SHA256:...",
      description = "Accept the host key only if it has exactly this fingerprint, without asking.")
  String expected;

  @Override
  public Integer call() throws RemoteException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Inventory inventory = Operator.inventory(parent.configDir);
    if (inventory.find(name).isPresent()) {
      throw new IllegalArgumentException("host '" + name + "' already exists; remove it first");
    }
    // Checked before anything is asked or written: a typo here would only show at the first action.
    if (!Files.isRegularFile(identityFile) || !Files.isReadable(identityFile)) {
      throw new IllegalArgumentException("--identity-file " + identityFile + ": no such readable key file");
    }
    Role parsedRole = Role.parse(role);
    Host host = new Host(name, address, port, user, parsedRole, Optional.empty(), ServiceMode.parse(mode), root,
        identityFile.toAbsolutePath(), adminPort != null ? adminPort : Host.defaultAdminPort(parsedRole));
    Path known = knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    HostKeyDecision decision = expected != null
        ? (hostName, fingerprint) -> {
          if (!fingerprint.equals(expected)) {
            err.println("host key of " + hostName + " is " + fingerprint + ", not the expected " + expected);
            return false;
          }
          return true;
        }
        : (hostName, fingerprint) -> {
          err.println("The host key of " + hostName + " (" + address + ":" + port + ") is not known.");
          err.println("Its fingerprint is " + fingerprint);
          err.print("Compare it with the host's `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`. Accept? [yes/no] ");
          err.flush();
          String answer = Operator.line();
          return answer != null && answer.strip().equals("yes");
        };
    String fingerprint = new SshConnector(SshSettings.DEFAULTS).learnHostKey(host, known, decision);
    // The same machine under two names is legitimate (an identity server and a bootstrap node on one host), but the
    // operator should know; a different key there means the machine changed, or the address leads somewhere else.
    for (Host other : inventory.hosts()) {
      if (other.address().equalsIgnoreCase(address) && other.port() == port) {
        err.println("warning: " + address + ":" + port + " is already in the inventory as " + other.name()
            + (other.hostKey().map(fingerprint::equals).orElse(false)
                ? ", with the same host key"
                : ", pinned to another host key (" + other.hostKey().orElse("none") + "): check which is right"));
      }
    }
    inventory.add(host.withHostKey(fingerprint));
    out.println("added " + name + " (" + parsedRole.label() + ", host key " + fingerprint + ")");
    return 0;
  }
}

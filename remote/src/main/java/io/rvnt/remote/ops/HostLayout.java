package io.rvnt.remote.ops;

import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ssh.Shell;

/**
 * Where things are on a host (packaging/install.sh lays them out): releases in {@code /opt/rvnt/releases/VERSION},
 * the running one behind the {@code /opt/rvnt/current} symlink, uploads in {@code /opt/rvnt/incoming}, the service
 * script in {@code /opt/rvnt/bin}. Under a plain-mode root every path moves with it. Paths come back shell-quoted.
 */
final class HostLayout {
  private final Host host;

  HostLayout(Host host) {
    this.host = host;
  }

  String opt(String path) {
    return Shell.quote(host.prefix() + "/opt/rvnt" + path);
  }

  String incoming() {
    return opt("/incoming");
  }

  String incoming(String name) {
    return opt("/incoming/" + name);
  }

  String current() {
    return opt("/current");
  }

  /** {@code rvnt-service ... ACTION ROLE}: systemctl or the plain service mode. */
  String service(String action) {
    return opt("/bin/rvnt-service") + " --root " + Shell.quote(host.root()) + " --mode " + host.mode().label() + " "
        + action + " " + host.role().service();
  }

  /** The install.sh of an unpacked bundle in incoming. */
  String install(String folder, String arguments) {
    return incoming(folder + "/install.sh") + " " + arguments + " --root " + Shell.quote(host.root());
  }
}

package io.rvnt.remote.inventory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One managed host of the inventory.
 *
 * @param name the operator's name for it (also the name in the action log)
 * @param address DNS name or IP address for SSH
 * @param port SSH port
 * @param user SSH user; commands run through {@code sudo -n} unless it is root
 * @param role what the host runs
 * @param hostKey the pinned host-key fingerprint ({@code SHA256:...}), empty until the operator accepted one
 * @param mode systemd or plain service mode
 * @param root where RVNT lives on the host: {@code /} in production, a folder for plain-mode test hosts
 * @param identityFile the operator's private key for this host (OpenSSH format, may be passphrase-protected)
 * @param adminPort the service's loopback admin port on the host, reached only through an SSH port forward
 */
public record Host(
    String name,
    String address,
    int port,
    String user,
    Role role,
    Optional<String> hostKey,
    ServiceMode mode,
    String root,
    Path identityFile,
    int adminPort) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:_\\[\\]-]{1,253}");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
  private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
  private static final Pattern ROOT = Pattern.compile("/[A-Za-z0-9._/-]*");

  public static final int DEFAULT_SSH_PORT = 22;

  public Host {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(identityFile, "identityFile");
    check(name != null && NAME.matcher(name).matches(), "name", "letters, digits, '.', '_' or '-', at most 63");
    check(address != null && ADDRESS.matcher(address).matches(), "address", "a host name or IP address");
    check(port > 0 && port < 65_536, "port", "1 to 65535");
    check(user != null && USER.matcher(user).matches(), "user", "a Unix user name");
    check(hostKey.isEmpty() || FINGERPRINT.matcher(hostKey.get()).matches(), "host-key", "SHA256:<43 base64 chars>");
    // The root is spliced into shell commands: only plain path characters, and never "..".
    check(root != null && ROOT.matcher(root).matches() && !root.contains(".."), "root", "an absolute path");
    check(mode == ServiceMode.PLAIN || root.equals("/"), "root", "/ in systemd mode");
    check(adminPort > 0 && adminPort < 65_536, "admin-port", "1 to 65535");
  }

  private static void check(boolean ok, String key, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": expected " + expected);
    }
  }

  /** The admin port of the role's shipped config. */
  public static int defaultAdminPort(Role role) {
    return role.defaultAdminPort();
  }

  /** The same host with {@code fingerprint} pinned. */
  public Host withHostKey(String fingerprint) {
    return new Host(name, address, port, user, role, Optional.of(fingerprint), mode, root, identityFile, adminPort);
  }

  /** The root without its trailing slash: {@code ""} for {@code /}, so {@code prefix() + "/etc"} is a path. */
  public String prefix() {
    return root.equals("/") ? "" : root.replaceAll("/+$", "");
  }
}

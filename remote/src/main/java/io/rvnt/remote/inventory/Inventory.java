package io.rvnt.remote.inventory;

import io.rvnt.protocol.text.StrictUtf8;
import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.log.OperatorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's hosts, in {@code hosts.conf} of the rvnt config folder: one {@code [name]} section per host with
 * {@code key = value} lines (address, port, user, role, host-key, service-mode, root, identity-file, admin-port).
 * The file is written whole through a temporary file and a rename, mode 0600 in a 0700 folder.
 * Not thread-safe: one operator, one process.
 */
public final class Inventory {
  private static final Set<String> KEYS =
      Set.of("address", "port", "user", "role", "host-key", "service-mode", "root", "identity-file", "admin-port");

  private final Path file;
  private final Map<String, Host> hosts;
  /** Why the file could not be read, for an inventory that {@link #loadOrExplain} left empty; null otherwise. */
  private final String problem;

  private Inventory(Path file, Map<String, Host> hosts, String problem) {
    this.file = file;
    this.hosts = hosts;
    this.problem = problem;
  }

  /** Reads {@code file}; a missing file is an empty inventory. */
  public static Inventory load(Path file) throws RemoteException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Inventory(file, new LinkedHashMap<>(), null);
    } catch (IOException e) {
      throw new RemoteException(Reason.LOCAL_IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Inventory(file, parse(file, utf8(file, bytes)), null);
  }

  /**
   * Reads {@code file} as {@link #load} does, but a file that cannot be read or parsed gives an empty inventory that
   * says why ({@link #problem}) and refuses every change: a tool that shows the problem can still open, and the
   * operator's file is never overwritten with what little could be read of it.
   */
  public static Inventory loadOrExplain(Path file) {
    try {
      return load(file);
    } catch (RemoteException e) {
      return new Inventory(file, new LinkedHashMap<>(), e.getMessage());
    }
  }

  /** The file's text; bytes that are not UTF-8 are reported with their line. */
  private static String utf8(Path file, byte[] bytes) throws RemoteException {
    try {
      return StrictUtf8.decode(bytes);
    } catch (StrictUtf8.NotUtf8 e) {
      throw new RemoteException(Reason.BAD_INVENTORY, file + " line " + e.line()
          + ": not UTF-8 text (save the file as UTF-8)", e);
    }
  }

  /** Why the file could not be read, when {@link #loadOrExplain} gave an empty inventory in its place. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  public List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  public Optional<Host> find(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  public Host get(String name) throws RemoteException {
    Host host = hosts.get(name);
    if (host == null) {
      throw new RemoteException(Reason.BAD_INVENTORY, "no host named '" + name + "' in " + file);
    }
    return host;
  }

  /** Adds a new host; an existing name is an error (remove it first), so a pinned key is never replaced silently. */
  public void add(Host host) throws RemoteException {
    refuseChangesIfUnread();
    if (hosts.containsKey(host.name())) {
      throw new RemoteException(Reason.BAD_INVENTORY, "host '" + host.name() + "' already exists in " + file);
    }
    hosts.put(host.name(), host);
    save();
  }

  /** Replaces an existing host's entry (for instance to pin its accepted host key). */
  public void update(Host host) throws RemoteException {
    refuseChangesIfUnread();
    get(host.name());
    hosts.put(host.name(), host);
    save();
  }

  public void remove(String name) throws RemoteException {
    refuseChangesIfUnread();
    get(name);
    hosts.remove(name);
    save();
  }

  private void refuseChangesIfUnread() throws RemoteException {
    if (problem != null) {
      throw new RemoteException(Reason.BAD_INVENTORY, problem + "; nothing is written to " + file
          + " until it reads: fix it, then start again");
    }
  }

  private void save() throws RemoteException {
    StringBuilder text = new StringBuilder("# rvnt remote hosts: written by `rvnt remote`, one [name] section each.\n");
    for (Host h : hosts.values()) {
      text.append('\n').append('[').append(h.name()).append("]\n");
      line(text, "address", h.address());
      line(text, "port", Integer.toString(h.port()));
      line(text, "user", h.user());
      line(text, "role", h.role().label());
      h.hostKey().ifPresent(key -> line(text, "host-key", key));
      line(text, "service-mode", h.mode().label());
      line(text, "root", h.root());
      line(text, "identity-file", h.identityFile().toString());
      line(text, "admin-port", Integer.toString(h.adminPort()));
    }
    OperatorFiles.writePrivate(file, text.toString());
  }

  private static void line(StringBuilder text, String key, String value) {
    text.append(key).append(" = ").append(value).append('\n');
  }

  /** One {@code [name]} section as read: where it starts, for messages, and its values. */
  private record Section(String name, String where, Map<String, String> values) {}

  static Map<String, Host> parse(Path file, String text) throws RemoteException {
    List<Section> sections = new ArrayList<>();
    Section current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new Section(line.substring(1, line.length() - 1).strip(), where, new LinkedHashMap<>());
        sections.add(current);
        continue;
      }
      int equals = line.indexOf('=');
      if (current == null || equals <= 0) {
        throw new RemoteException(Reason.BAD_INVENTORY, where + ": expected [name] or key = value");
      }
      String key = line.substring(0, equals).strip();
      if (!KEYS.contains(key)) {
        throw new RemoteException(Reason.BAD_INVENTORY, where + ": unknown key '" + key + "'");
      }
      if (current.values().put(key, line.substring(equals + 1).strip()) != null) {
        throw new RemoteException(Reason.BAD_INVENTORY, where + ": '" + key + "' set twice");
      }
    }
    Map<String, Host> hosts = new LinkedHashMap<>();
    for (Section section : sections) {
      if (hosts.containsKey(section.name())) {
        throw new RemoteException(Reason.BAD_INVENTORY,
            section.where() + ": host '" + section.name() + "' listed twice");
      }
      hosts.put(section.name(), toHost(section.name(), section.values(), section.where()));
    }
    return hosts;
  }

  private static Host toHost(String name, Map<String, String> v, String where) throws RemoteException {
    try {
      Role role = Role.parse(required(v, "role"));
      return new Host(
          name,
          required(v, "address"),
          Integer.parseInt(v.getOrDefault("port", Integer.toString(Host.DEFAULT_SSH_PORT))),
          required(v, "user"),
          role,
          Optional.ofNullable(v.get("host-key")),
          ServiceMode.parse(v.getOrDefault("service-mode", "systemd")),
          v.getOrDefault("root", "/"),
          Path.of(required(v, "identity-file")),
          Integer.parseInt(v.getOrDefault("admin-port", Integer.toString(Host.defaultAdminPort(role)))));
    } catch (IllegalArgumentException e) {
      throw new RemoteException(Reason.BAD_INVENTORY, where + " [" + name + "]: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + ": missing");
    }
    return value;
  }
}

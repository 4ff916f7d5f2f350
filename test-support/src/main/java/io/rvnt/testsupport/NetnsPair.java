package io.rvnt.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces joined by a veth pair: a private LAN of two hosts, 10.77.0.1/24 and 10.77.0.2/24, for
 * tests that multicast (mDNS, DNS-SD). Loopback carries no multicast, and multicast on the machine's real
 * interface would leave the machine; a veth pair between namespaces does neither (shared/ENVIRONMENT.md).
 *
 * <p>Needs root ({@code ip netns add}). Names hold this JVM's pid and a counter, so parallel test runs on one
 * machine never meet, and stay within the kernel's 15 characters for interface names. The veth ends are created
 * directly inside the namespaces, so the root namespace never holds them. Each namespace gets a route for
 * 224.0.0.0/4 through its veth end, because a process that does not choose a multicast interface (js-libp2p's
 * multicast-dns) otherwise has no route to send on. {@link #close()} deletes both namespaces, which removes the
 * veth pair; it runs even when the test failed.
 */
public final class NetnsPair implements AutoCloseable {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Netns a;
  private final Netns b;
  private final Path work;

  /** One namespace: its name, its veth end, and that end's address. */
  public record Netns(String name, String device, String address) {

    /** {@code command} run inside this namespace. */
    public List<String> exec(List<String> command) {
      List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", name));
      out.addAll(command);
      return out;
    }

    public List<String> exec(String... command) {
      return exec(List.of(command));
    }
  }

  private NetnsPair(Netns a, Netns b, Path work) {
    this.a = a;
    this.b = b;
    this.work = work;
  }

  /** Creates the pair; {@code work} keeps the output of the set-up commands. */
  public static NetnsPair create(Path work) throws IOException {
    long pid = ProcessHandle.current().pid();
    int n = COUNTER.incrementAndGet() % 1000;
    String id = "rv" + pid + "n" + n;
    Netns a = new Netns("rvnt-" + id + "a", id + "a", "10.77.0.1");
    Netns b = new Netns("rvnt-" + id + "b", id + "b", "10.77.0.2");
    Files.createDirectories(work);
    NetnsPair pair = new NetnsPair(a, b, work);
    pair.delete(); // leftovers of an earlier JVM that had this pid and was killed
    try {
      pair.ip("netns", "add", a.name());
      pair.ip("netns", "add", b.name());
      pair.ip("link", "add", a.device(), "netns", a.name(), "type", "veth", "peer", "name", b.device(), "netns",
          b.name());
      for (Netns ns : List.of(a, b)) {
        pair.ip("-n", ns.name(), "addr", "add", ns.address() + "/24", "dev", ns.device());
        pair.ip("-n", ns.name(), "link", "set", "lo", "up");
        pair.ip("-n", ns.name(), "link", "set", ns.device(), "up");
        pair.ip("-n", ns.name(), "route", "add", "224.0.0.0/4", "dev", ns.device());
      }
    } catch (RuntimeException | Error e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  public Netns a() {
    return a;
  }

  public Netns b() {
    return b;
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    CommandRun.run(command, Map.of(), work).requireSuccess("setting up the test namespaces");
  }

  private void delete() {
    for (Netns ns : List.of(a, b)) {
      CommandRun.run(List.of("ip", "netns", "del", ns.name()), Map.of(), work); // absent is fine
    }
  }

  /** Deletes both namespaces (and with them the veth pair). End the processes inside them first. */
  @Override
  public void close() {
    delete();
  }
}

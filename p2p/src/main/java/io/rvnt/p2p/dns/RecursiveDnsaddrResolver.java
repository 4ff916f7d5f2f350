package io.rvnt.p2p.dns;

import io.rvnt.p2p.dns.DnsaddrException.Reason;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The rules of {@code /dnsaddr} resolution over a {@link TxtLookup}, in the spec's order (multiaddr spec,
 * protocols/DNSADDR.md): look up the TXT records of {@code _dnsaddr.DOMAIN}, keep those starting with
 * {@code dnsaddr=}, parse the multiaddr after it, and resolve the {@code /dnsaddr} ones again. When the address
 * carries {@code /p2p/ID}, only records ending in that same {@code /p2p/ID} are kept, nested ones included: the
 * rule of go-multiaddr-dns ("dnsaddr returns addrs which encapsulate whatever /dnsaddr encapsulates too"), matched
 * component by component rather than as a substring as js-multiaddr does.
 *
 * <p>Project rules on top of the spec: only {@code /p2p/ID} may follow the domain; records that do not parse, or
 * carry {@code /dnsaddr} anywhere but first, are skipped; a domain met again on its own chain is a loop; every bound
 * of {@link DnsaddrLimits} is refused with its own reason. Nested records are resolved one after the other, so
 * the result keeps the records' order. Thread-safe; each resolution's state is its own.
 */
public final class RecursiveDnsaddrResolver implements DnsaddrResolver {

  private final TxtLookup lookup;
  private final DnsaddrLimits limits;

  public RecursiveDnsaddrResolver(TxtLookup lookup, DnsaddrLimits limits) {
    this.lookup = lookup;
    this.limits = limits;
  }

  public DnsaddrLimits limits() {
    return limits;
  }

  @Override
  public CompletableFuture<List<Multiaddr>> resolve(Multiaddr address) {
    if (!DnsaddrResolver.isDnsaddr(address)) {
      return CompletableFuture.completedFuture(List.of(address));
    }
    Resolution resolution;
    String domain;
    try {
      domain = domainOf(address);
      resolution = new Resolution(domain);
    } catch (DnsaddrException e) {
      return CompletableFuture.failedFuture(e);
    }
    return resolution.expand(domain, trailer(address), List.of()).thenApply(v -> resolution.result());
  }

  /** The normalized domain of a {@code /dnsaddr/DOMAIN[/p2p/ID]} address. */
  private static String domainOf(Multiaddr address) {
    List<Multiaddr.Component> c = address.components();
    if (c.get(0).protocol() != MultiaddrProtocol.DNSADDR) {
      throw new DnsaddrException(Reason.INVALID_ADDRESS, "a /dnsaddr component must come first");
    }
    if (c.size() > 2 || c.size() == 2 && c.get(1).protocol() != MultiaddrProtocol.P2P) {
      throw new DnsaddrException(Reason.INVALID_ADDRESS, "only /p2p/PEER_ID may follow /dnsaddr/DOMAIN");
    }
    return DnsaddrRecords.normalize(c.get(0).valueText());
  }

  /** What follows the domain of a /dnsaddr address: nothing or /p2p/ID. */
  private static List<Multiaddr.Component> trailer(Multiaddr address) {
    return address.components().subList(1, address.components().size());
  }

  /** Whether {@code address} ends with the components {@code trailer}. */
  private static boolean endsWith(Multiaddr address, List<Multiaddr.Component> trailer) {
    List<Multiaddr.Component> c = address.components();
    return c.size() >= trailer.size() && c.subList(c.size() - trailer.size(), c.size()).equals(trailer);
  }

  /** One resolution: what it found and how much it looked up. Used by one chain of futures at a time. */
  private final class Resolution {
    private final String root;
    private final Set<Multiaddr> found = new LinkedHashSet<>();
    private int lookups;
    private int dnsaddrRecords;
    private int otherPeers;
    private int skipped;

    Resolution(String root) {
      this.root = root;
    }

    /**
     * Looks up {@code domain}, reached through {@code chain}, and adds what its records ending in {@code trailer}
     * lead to.
     */
    CompletableFuture<Void> expand(String domain, List<Multiaddr.Component> trailer, List<String> chain) {
      List<String> path = new ArrayList<>(chain);
      path.add(domain);
      if (chain.contains(domain)) {
        return CompletableFuture.failedFuture(
            new DnsaddrException(Reason.LOOP, "dnsaddr records loop: " + String.join(" -> ", path)));
      }
      if (path.size() > limits.maxDepth()) {
        return CompletableFuture.failedFuture(new DnsaddrException(Reason.TOO_DEEP, "the dnsaddr records of "
            + root + " nest deeper than " + limits.maxDepth() + " lookups (at " + domain + ")"));
      }
      if (++lookups > limits.maxLookups()) {
        return CompletableFuture.failedFuture(new DnsaddrException(Reason.TOO_MANY_LOOKUPS,
            "resolving " + root + " takes more than " + limits.maxLookups() + " DNS lookups"));
      }
      String name = DnsaddrRecords.LABEL + domain;
      return lookup.txt(name).thenCompose(records -> {
        checkSize(name, records);
        return follow(records, 0, trailer, path);
      });
    }

    private void checkSize(String name, List<String> records) {
      if (records.size() > limits.maxRecordsPerAnswer()) {
        throw new DnsaddrException(Reason.OVERSIZED_ANSWER, "the TXT answer for " + name + " has "
            + records.size() + " records, more than " + limits.maxRecordsPerAnswer());
      }
      long bytes = records.stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
      if (bytes > limits.maxAnswerBytes()) {
        throw new DnsaddrException(Reason.OVERSIZED_ANSWER, "the TXT answer for " + name + " has " + bytes
            + " bytes of text, more than " + limits.maxAnswerBytes());
      }
    }

    /** Handles {@code records[index...]} in order; a nested domain is resolved before the next record. */
    private CompletableFuture<Void> follow(List<String> records, int index, List<Multiaddr.Component> trailer,
        List<String> path) {
      for (int i = index; i < records.size(); i++) {
        Optional<Multiaddr> parsed = parse(records.get(i));
        if (parsed.isEmpty()) {
          continue;
        }
        Multiaddr address = parsed.get();
        if (!endsWith(address, trailer)) {
          otherPeers++;
          continue;
        }
        if (address.components().get(0).protocol() == MultiaddrProtocol.DNSADDR) {
          int next = i + 1;
          return expand(DnsaddrRecords.normalize(address.components().get(0).valueText()), trailer(address), path)
              .thenCompose(v -> follow(records, next, trailer, path));
        }
        found.add(address);
        if (found.size() > limits.maxAddresses()) {
          return CompletableFuture.failedFuture(new DnsaddrException(Reason.TOO_MANY_ADDRESSES,
              root + " lists more than " + limits.maxAddresses() + " addresses"));
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    /** The multiaddr of a dnsaddr record, or empty for another TXT record or one this resolver cannot use. */
    private Optional<Multiaddr> parse(String record) {
      if (!record.startsWith(DnsaddrRecords.PREFIX)) {
        return Optional.empty();
      }
      dnsaddrRecords++;
      try {
        Multiaddr address = Multiaddr.parse(record.substring(DnsaddrRecords.PREFIX.length()).strip());
        List<Multiaddr.Component> c = address.components();
        boolean nested = c.get(0).protocol() == MultiaddrProtocol.DNSADDR;
        if (c.stream().skip(1).anyMatch(x -> x.protocol() == MultiaddrProtocol.DNSADDR)
            || nested && (c.size() > 2 || c.size() == 2 && c.get(1).protocol() != MultiaddrProtocol.P2P)) {
          skipped++;
          return Optional.empty();
        }
        if (nested) {
          DnsaddrRecords.normalize(c.get(0).valueText());
        }
        return Optional.of(address);
      } catch (MultiformatException | DnsaddrException e) {
        skipped++;
        return Optional.empty();
      }
    }

    List<Multiaddr> result() {
      if (!found.isEmpty()) {
        return List.copyOf(found);
      }
      if (otherPeers > 0) {
        throw new DnsaddrException(Reason.PEER_ID_MISMATCH, "none of the " + dnsaddrRecords
            + " dnsaddr records under " + root + " carries the /p2p id asked for");
      }
      throw new DnsaddrException(Reason.NO_RECORDS, "no usable dnsaddr record at " + DnsaddrRecords.LABEL + root
          + (skipped > 0 ? " (" + skipped + " not a multiaddr this resolver reads)" : ""));
    }
  }
}

package io.rvnt.p2p.discovery.mdns;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.discovery.mdns.MdnsException.Reason;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import io.rvnt.p2p.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads libp2p's "find all peers" answers (libp2p mDNS spec): a {@code _p2p._udp.local} PTR names a peer's
 * instance, whose TXT records (among the answers or the additional records: the spec says additional,
 * js-libp2p sends answers) hold {@code dnsaddr=} lines. Keeps only addresses on the link the answer arrived on,
 * refuses an answer naming more than one PeerId, ignores this node's own, and hands the rest on. Lines that are
 * not multiaddrs this node can dial (another transport, another link) are skipped and counted.
 */
public final class PeerDiscoverer implements MdnsListener {

  private final String ownInstance;
  private final PeerId self;
  private final int maxAddresses;
  private final MdnsMetrics metrics;
  private final Consumer<LanPeer> found;

  public PeerDiscoverer(String ownPeerName, PeerId self, MdnsConfig config, MdnsMetrics metrics,
      Consumer<LanPeer> found) {
    this.ownInstance = ownPeerName;
    this.self = self;
    this.maxAddresses = config.maxAddressesPerPeer();
    this.metrics = metrics;
    this.found = found;
  }

  @Override
  public List<DnsQuestion> questions() {
    return List.of(DnsQuestion.of(PeerAnnouncer.SERVICE, DnsRecord.TYPE_PTR));
  }

  @Override
  public void onResponse(DnsMessage response, LanLink link) throws MdnsException {
    Set<DnsName> instances = new LinkedHashSet<>();
    for (DnsRecord r : response.answers()) {
      if (r.data() instanceof DnsRecord.Ptr p && r.name().equals(PeerAnnouncer.SERVICE) && r.ttlSeconds() > 0
          && !p.target().first().equalsIgnoreCase(ownInstance)) {
        instances.add(p.target());
      }
    }
    for (DnsName instance : instances) {
      Optional<LanPeer> peer = peer(instance, response, link);
      if (peer.isPresent()) {
        metrics.announcementAccepted();
        found.accept(peer.get());
      }
    }
  }

  private Optional<LanPeer> peer(DnsName instance, DnsMessage response, LanLink link) throws MdnsException {
    List<String> lines = new ArrayList<>();
    Stream.concat(response.answers().stream(), response.additionals().stream())
        .filter(r -> r.name().equals(instance) && r.data() instanceof DnsRecord.Txt)
        .flatMap(r -> ((DnsRecord.Txt) r.data()).strings().stream())
        .map(s -> new String(s, StandardCharsets.UTF_8))
        .filter(s -> s.startsWith(PeerAnnouncer.DNSADDR))
        .forEach(s -> lines.add(s.substring(PeerAnnouncer.DNSADDR.length())));
    if (lines.isEmpty()) {
      throw new MdnsException(Reason.BAD_ANNOUNCEMENT, "a peer's answer without dnsaddr lines");
    }
    if (lines.size() > maxAddresses) {
      throw new MdnsException(Reason.BAD_ANNOUNCEMENT, lines.size() + " dnsaddr lines, at most " + maxAddresses);
    }
    byte[] id = null;
    List<Multiaddr> usable = new ArrayList<>();
    for (String line : lines) {
      Multiaddr address;
      try {
        address = Multiaddr.parse(line);
      } catch (RuntimeException e) {
        metrics.addressIgnored(); // a transport this node does not know, or not a multiaddr at all
        continue;
      }
      List<Multiaddr.Component> parts = address.components();
      long p2p = parts.stream().filter(c -> c.protocol() == MultiaddrProtocol.P2P).count();
      if (p2p != 1 || parts.get(parts.size() - 1).protocol() != MultiaddrProtocol.P2P) {
        throw new MdnsException(Reason.BAD_ANNOUNCEMENT, "a dnsaddr line must end in one /p2p/<peer id>");
      }
      byte[] lineId = parts.get(parts.size() - 1).value();
      if (id == null) {
        id = lineId;
      } else if (!Arrays.equals(id, lineId)) {
        throw new MdnsException(Reason.MIXED_PEER_IDS, "one answer names more than one peer id");
      }
      if (LanLinks.usable(address, link)) {
        usable.add(address);
      } else {
        metrics.addressIgnored();
      }
    }
    if (id == null) {
      throw new MdnsException(Reason.NO_USABLE_ADDRESS, "no dnsaddr line is a multiaddr");
    }
    PeerId peer;
    try {
      peer = PeerId.fromMultihash(Multihash.decode(id));
    } catch (RuntimeException e) {
      throw new MdnsException(Reason.BAD_ANNOUNCEMENT, "not a peer id");
    }
    if (peer.equals(self)) {
      return Optional.empty(); // this node's own answer, heard back through multicast loopback
    }
    if (usable.isEmpty()) {
      throw new MdnsException(Reason.NO_USABLE_ADDRESS, "no address on the link the answer came from");
    }
    return Optional.of(new LanPeer(peer, usable));
  }
}

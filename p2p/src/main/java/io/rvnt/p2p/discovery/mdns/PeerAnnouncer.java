package io.rvnt.p2p.discovery.mdns;

import io.rvnt.p2p.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers libp2p's "find all peers" query (libp2p mDNS spec, "Response"): the answer {@code _p2p._udp.local PTR
 * <peer-name>._p2p._udp.local} and, as additional records, one {@code TXT "dnsaddr=<multiaddr>/p2p/<id>"} per
 * address this node listens on in the link's LAN scope. Nothing else about the node is sent. Thread-safe.
 */
public final class PeerAnnouncer implements MdnsResponder {

  /** The libp2p mDNS spec's {@code service-name}. */
  public static final DnsName SERVICE = DnsName.of("_p2p._udp.local");
  static final String DNSADDR = "dnsaddr=";
  /** RFC 6763 §6.1: one TXT string holds at most 255 bytes; js-libp2p skips longer addresses too. */
  private static final int MAX_TXT_STRING = 255;

  private final DnsName instance;
  private final Supplier<List<Multiaddr>> listenAddresses;
  private final Multiaddr peerIdSuffix;
  private final long ttl;

  /**
   * @param listenAddresses the node's bound listen addresses, read at every answer
   * @param peerIdSuffix {@code /p2p/<id>} of this node
   */
  public PeerAnnouncer(String peerName, Supplier<List<Multiaddr>> listenAddresses, Multiaddr peerIdSuffix,
      MdnsConfig config) {
    this.instance = SERVICE.prepend(peerName);
    this.listenAddresses = listenAddresses;
    this.peerIdSuffix = peerIdSuffix;
    this.ttl = config.ttl().toSeconds();
  }

  @Override
  public Optional<DnsMessage> answer(List<DnsQuestion> questions, LanLink link) {
    boolean all = questions.stream().anyMatch(q -> q.matches(SERVICE, DnsRecord.TYPE_PTR));
    boolean mine = questions.stream().anyMatch(q -> q.matches(instance, DnsRecord.TYPE_TXT));
    if (!all && !mine) {
      return Optional.empty();
    }
    List<DnsRecord> txt = txt(link, ttl);
    if (txt.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(all ? DnsMessage.response(List.of(ptr(ttl)), txt) : DnsMessage.response(txt, List.of()));
  }

  @Override
  public Optional<DnsMessage> announce(LanLink link, boolean goodbye) {
    long t = goodbye ? 0 : ttl;
    List<DnsRecord> txt = txt(link, t);
    return txt.isEmpty() ? Optional.empty() : Optional.of(DnsMessage.response(List.of(ptr(t)), txt));
  }

  private DnsRecord ptr(long t) {
    return DnsRecord.of(SERVICE, false, t, new DnsRecord.Ptr(instance));
  }

  private List<DnsRecord> txt(LanLink link, long t) {
    List<DnsRecord> out = new ArrayList<>();
    for (Multiaddr a : LanLinks.announced(listenAddresses.get(), link, peerIdSuffix)) {
      byte[] line = (DNSADDR + a).getBytes(StandardCharsets.UTF_8);
      if (line.length <= MAX_TXT_STRING) {
        out.add(DnsRecord.of(instance, false, t, new DnsRecord.Txt(List.of(line))));
      }
    }
    return out;
  }
}

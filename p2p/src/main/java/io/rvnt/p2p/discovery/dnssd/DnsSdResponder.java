package io.rvnt.p2p.discovery.dnssd;

import io.rvnt.p2p.discovery.mdns.DnsMessage;
import io.rvnt.p2p.discovery.mdns.DnsName;
import io.rvnt.p2p.discovery.mdns.DnsQuestion;
import io.rvnt.p2p.discovery.mdns.DnsRecord;
import io.rvnt.p2p.discovery.mdns.LanLink;
import io.rvnt.p2p.discovery.mdns.LanLinks;
import io.rvnt.p2p.discovery.mdns.MdnsConfig;
import io.rvnt.p2p.discovery.mdns.MdnsResponder;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Registers the node as DNS-SD services (RFC 6763) on mDNS, so that Bonjour browsers ({@code avahi-browse},
 * {@code dns-sd -B}) list it: {@code _rvnt._udp} for its QUIC addresses and {@code _rvnt._tcp} for its TCP ones,
 * each with a PTR, an SRV naming the port and the host {@code <host-label>.local}, a TXT of {@code dnsaddr=} lines
 * (the same multiaddrs libp2p discovery announces) and the host's A/AAAA records on that link. Answers the
 * browse query, the resolve queries (SRV, TXT, A, AAAA) and the meta query {@code _services._dns-sd._udp.local}
 * (RFC 6763 §9). Thread-safe.
 */
public final class DnsSdResponder implements MdnsResponder {

  public static final DnsName UDP_SERVICE = DnsName.of("_rvnt._udp.local");
  public static final DnsName TCP_SERVICE = DnsName.of("_rvnt._tcp.local");
  static final DnsName META = DnsName.of("_services._dns-sd._udp.local");
  private static final int MAX_TXT_STRING = 255;

  private final String instance;
  private final DnsName host;
  private final Supplier<List<Multiaddr>> listenAddresses;
  private final Multiaddr peerIdSuffix;
  private final long ttl;

  /**
   * @param instance the instance label browsers show, such as {@code rvnt-bootstrap-k3j9x2}
   * @param hostLabel the first label of the host name, {@code <hostLabel>.local}
   */
  public DnsSdResponder(String instance, String hostLabel, Supplier<List<Multiaddr>> listenAddresses,
      Multiaddr peerIdSuffix, MdnsConfig config) {
    this.instance = instance;
    this.host = DnsName.of("local").prepend(hostLabel);
    this.listenAddresses = listenAddresses;
    this.peerIdSuffix = peerIdSuffix;
    this.ttl = config.ttl().toSeconds();
  }

  @Override
  public Optional<DnsMessage> answer(List<DnsQuestion> questions, LanLink link) {
    Services s = services(link, ttl);
    Set<DnsRecord> answers = new LinkedHashSet<>();
    Set<DnsRecord> additionals = new LinkedHashSet<>();
    for (DnsQuestion q : questions) {
      for (Service service : s.list()) {
        if (q.matches(service.type(), DnsRecord.TYPE_PTR)) {
          answers.add(service.ptr());
          additionals.addAll(service.details());
          additionals.addAll(s.addresses());
        }
        if (q.matches(META, DnsRecord.TYPE_PTR)) {
          answers.add(DnsRecord.of(META, false, ttl, new DnsRecord.Ptr(service.type())));
        }
        for (DnsRecord r : service.details()) {
          if (q.matches(r.name(), r.type())) {
            answers.add(r);
            additionals.addAll(s.addresses());
          }
        }
      }
      for (DnsRecord r : s.addresses()) {
        if (q.matches(r.name(), r.type())) {
          answers.add(r);
        }
      }
    }
    additionals.removeAll(answers);
    return answers.isEmpty() ? Optional.empty()
        : Optional.of(DnsMessage.response(List.copyOf(answers), List.copyOf(additionals)));
  }

  @Override
  public Optional<DnsMessage> announce(LanLink link, boolean goodbye) {
    Services s = services(link, goodbye ? 0 : ttl);
    if (s.list().isEmpty()) {
      return Optional.empty();
    }
    List<DnsRecord> answers = new ArrayList<>();
    for (Service service : s.list()) {
      answers.add(service.ptr());
      answers.addAll(service.details());
    }
    answers.addAll(s.addresses());
    return Optional.of(DnsMessage.response(answers, List.of()));
  }

  /** One service type's records: the shared PTR, and the SRV and TXT that only this node owns. */
  private record Service(DnsName type, DnsRecord ptr, List<DnsRecord> details) {}

  private record Services(List<Service> list, List<DnsRecord> addresses) {}

  private Services services(LanLink link, long t) {
    List<Multiaddr> announced = LanLinks.announced(listenAddresses.get(), link, peerIdSuffix);
    List<Service> list = new ArrayList<>();
    for (DnsName type : List.of(UDP_SERVICE, TCP_SERVICE)) {
      List<Multiaddr> mine = announced.stream().filter(a -> a.has(
          type == UDP_SERVICE ? MultiaddrProtocol.QUIC_V1 : MultiaddrProtocol.TCP)).toList();
      if (mine.isEmpty()) {
        continue;
      }
      DnsName name = type.prepend(instance);
      List<DnsRecord> details = new ArrayList<>();
      Set<Integer> ports = new LinkedHashSet<>();
      List<byte[]> lines = new ArrayList<>();
      for (Multiaddr a : mine) {
        ports.add(Integer.parseInt(a.valueText(
            type == UDP_SERVICE ? MultiaddrProtocol.UDP : MultiaddrProtocol.TCP).orElseThrow()));
        byte[] line = ("dnsaddr=" + a).getBytes(StandardCharsets.UTF_8);
        if (line.length <= MAX_TXT_STRING) {
          lines.add(line);
        }
      }
      for (int port : ports) {
        details.add(DnsRecord.of(name, true, t, new DnsRecord.Srv(0, 0, port, host)));
      }
      details.add(DnsRecord.of(name, true, t, new DnsRecord.Txt(lines)));
      list.add(new Service(type, DnsRecord.of(type, false, t, new DnsRecord.Ptr(name)), details));
    }
    Set<DnsRecord> addresses = new LinkedHashSet<>();
    for (Multiaddr a : announced) {
      addresses.add(DnsRecord.of(host, true, t, new DnsRecord.Address(ip(a))));
    }
    return new Services(list, List.copyOf(addresses));
  }

  private static InetAddress ip(Multiaddr a) {
    try {
      return InetAddress.getByAddress(a.components().get(0).value());
    } catch (UnknownHostException e) {
      throw new AssertionError("announced addresses start with ip4 or ip6", e);
    }
  }
}

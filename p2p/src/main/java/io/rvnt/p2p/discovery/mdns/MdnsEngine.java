package io.rvnt.p2p.discovery.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the mDNS service does with a packet, apart from sockets: checks that it came from the link (RFC 6762 §11),
 * decodes it within the limits, hands responses to the listeners and collects the responders' answers to queries,
 * one packet per service and at most one per second per service, interface and IP family (RFC 6762 §6). A refused
 * packet changes nothing and is counted. Thread-safe.
 */
public final class MdnsEngine {

  private final DnsCodec codec;
  private final MdnsConfig config;
  private final List<LanLink> links;
  private final List<MdnsResponder> responders;
  private final List<MdnsListener> listeners;
  private final MdnsMetrics metrics;
  private final Clock clock;
  private final Map<String, Instant> lastAnswer = new ConcurrentHashMap<>();

  public MdnsEngine(MdnsConfig config, List<LanLink> links, List<MdnsResponder> responders,
      List<MdnsListener> listeners, MdnsMetrics metrics, Clock clock) {
    this.codec = new DnsCodec(config.limits());
    this.config = config;
    this.links = List.copyOf(links);
    this.responders = List.copyOf(responders);
    this.listeners = List.copyOf(listeners);
    this.metrics = metrics;
    this.clock = clock;
  }

  public MdnsConfig config() {
    return config;
  }

  public List<LanLink> links() {
    return links;
  }

  /** The packets to multicast on {@code link} in reply to {@code packet}, which arrived there from {@code sender}. */
  public List<byte[]> receive(byte[] packet, InetAddress sender, LanLink link) {
    metrics.packetReceived();
    if (!link.onLink(sender)) {
      if (links.stream().noneMatch(l -> l != link && l.onLink(sender))) {
        metrics.refuse(MdnsException.Reason.OFF_LINK_SOURCE);
      }
      return List.of(); // a neighbour of another of this node's links is that link's to read
    }
    DnsMessage message;
    try {
      message = codec.decode(packet);
    } catch (MdnsException e) {
      metrics.refuse(e.reason());
      return List.of();
    }
    if (message.response()) {
      for (MdnsListener listener : listeners) {
        try {
          listener.onResponse(message, link);
        } catch (MdnsException e) {
          metrics.refuse(e.reason());
        }
      }
      return List.of();
    }
    metrics.queryReceived();
    if (!config.announce() || message.questions().isEmpty()) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < responders.size(); i++) {
      Optional<DnsMessage> answer = responders.get(i).answer(message.questions(), link);
      if (answer.isEmpty()) {
        continue;
      }
      String key = i + "/" + link.name() + "/" + (sender instanceof Inet4Address ? 4 : 6);
      Instant last = lastAnswer.get(key);
      if (last != null && now.isBefore(last.plus(config.minAnswerInterval()))) {
        metrics.answerSuppressed();
        continue;
      }
      lastAnswer.put(key, now);
      encode(answer.get()).ifPresent(bytes -> {
        metrics.answerSent();
        out.add(bytes);
      });
    }
    return out;
  }

  /** The periodic query of every listener's questions, in one packet. */
  public Optional<byte[]> query() {
    List<DnsQuestion> questions = new ArrayList<>();
    listeners.forEach(l -> questions.addAll(l.questions()));
    if (questions.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> packet = encode(DnsMessage.query(questions));
    packet.ifPresent(p -> metrics.querySent());
    return packet;
  }

  /** Every responder's announcement on {@code link} (or goodbye), one packet each; none when not announcing. */
  public List<byte[]> announce(LanLink link, boolean goodbye) {
    List<byte[]> out = new ArrayList<>();
    if (config.announce()) {
      for (MdnsResponder r : responders) {
        r.announce(link, goodbye).flatMap(this::encode).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<byte[]> encode(DnsMessage message) {
    try {
      return Optional.of(codec.encode(message));
    } catch (MdnsException e) {
      metrics.sendFailed(); // more addresses than fit a packet: the node's own configuration
      return Optional.empty();
    }
  }
}

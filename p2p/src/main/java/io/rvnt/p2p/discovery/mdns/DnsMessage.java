package io.rvnt.p2p.discovery.mdns;

import java.util.List;

/**
 * A DNS message (RFC 1035 §4.1) as mDNS uses it: id 0 on multicast (RFC 6762 §18.1), queries with questions,
 * responses with answers and additional records. Authority records are decoded and not used.
 */
public record DnsMessage(int id, boolean response, List<DnsQuestion> questions, List<DnsRecord> answers,
    List<DnsRecord> authorities, List<DnsRecord> additionals) {

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  public static DnsMessage query(List<DnsQuestion> questions) {
    return new DnsMessage(0, false, questions, List.of(), List.of(), List.of());
  }

  public static DnsMessage response(List<DnsRecord> answers, List<DnsRecord> additionals) {
    return new DnsMessage(0, true, List.of(), answers, List.of(), additionals);
  }
}

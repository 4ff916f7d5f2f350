package io.rvnt.p2p.discovery.mdns;

import java.util.List;

/** Reads responses heard on mDNS, and names the questions this node asks every query interval. */
public interface MdnsListener {

  /** The questions of the periodic query. */
  List<DnsQuestion> questions();

  /**
   * A decoded response that arrived on {@code link} from an on-link source.
   *
   * @throws MdnsException when the part of it meant for this listener is unusable; the engine counts the reason
   */
  void onResponse(DnsMessage response, LanLink link) throws MdnsException;
}

package io.rvnt.dht;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiaddrProtocol;
import java.util.List;
import java.util.Optional;

/** A peer as the DHT passes it around: its PeerId and the addresses it can be dialed at (without /p2p). */
public record PeerInfo(PeerId id, List<Multiaddr> addrs) {

  public PeerInfo {
    addrs = List.copyOf(addrs);
  }

  /** The addresses with the /p2p suffix a dial needs. */
  public List<Multiaddr> dialAddrs() {
    return addrs.stream().map(a -> a.withoutPeerId().withPeerId(id.multihash())).toList();
  }

  /** Unspecified addresses (0.0.0.0, ::) are where a node listens, not where it can be reached. */
  static boolean dialable(Multiaddr address) {
    Optional<String> ip4 = address.valueText(MultiaddrProtocol.IP4);
    Optional<String> ip6 = address.valueText(MultiaddrProtocol.IP6);
    return !(ip4.isPresent() && ip4.get().equals("0.0.0.0")) && !(ip6.isPresent() && ip6.get().equals("::"));
  }
}

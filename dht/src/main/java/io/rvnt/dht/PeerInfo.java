package io.rvnt.dht;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;

/** A peer as the DHT passes it around: its PeerId and the addresses it can be dialed at (without /p2p). */
public record PeerInfo(PeerId id, List<Multiaddr> addrs) {

  public PeerInfo {
    addrs = List.copyOf(addrs);
  }

  /** The addresses with the /p2p suffix a dial needs. */
  public List<Multiaddr> dialAddrs() {
    return addrs.stream().map(a -> a.withoutPeerId().withPeerId(id.multihash())).toList();
  }
}

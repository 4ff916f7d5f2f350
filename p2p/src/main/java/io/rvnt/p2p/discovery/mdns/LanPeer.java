package io.rvnt.p2p.discovery.mdns;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.util.List;

/**
 * A peer heard on the LAN: what it claims, not yet proven. Whoever uses it dials and lets the handshake prove the
 * PeerId, as for any other peer.
 *
 * @param addresses its usable addresses on the link it was heard on, each ending in /p2p/peer
 */
public record LanPeer(PeerId peer, List<Multiaddr> addresses) {

  public LanPeer {
    addresses = List.copyOf(addresses);
  }

  @Override
  public String toString() {
    return "LanPeer[" + addresses.size() + " addresses]"; // no PeerId or address in logs (invariant 1)
  }
}

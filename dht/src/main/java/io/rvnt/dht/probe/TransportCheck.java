package io.rvnt.dht.probe;

import java.time.Duration;
import java.util.Optional;

/**
 * One address of a bootstrap node as the probe saw it.
 *
 * @param address the multiaddr dialed (an operator's server, given on the command line)
 * @param transport "tcp" or "quic-v1"
 * @param reachable the connection was established and the node proved its PeerId
 * @param latency median ping round trip, if ping worked
 * @param error why it was not reachable, or why ping failed
 */
public record TransportCheck(String address, String transport, boolean reachable, Optional<Duration> latency,
    Optional<String> error) {}

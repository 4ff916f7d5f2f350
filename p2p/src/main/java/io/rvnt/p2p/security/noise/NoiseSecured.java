package io.rvnt.p2p.security.noise;

import io.rvnt.p2p.crypto.PeerId;
import java.util.Optional;

/**
 * The result of a Noise handshake: the PeerId the remote proved, and the stream muxer agreed in the handshake's
 * extensions (inlined muxer negotiation), or empty when multistream-select must pick it.
 */
public record NoiseSecured(PeerId remotePeerId, Optional<String> earlyMuxer) {}

package io.rvnt.p2p.transport.quic;

import io.rvnt.p2p.security.tls.CertificateVerifier;
import java.time.Duration;

/**
 * The QUIC-specific limits of {@link QuicTransport}; the limits every transport shares (handshake timeout, connections,
 * streams per connection) come from {@link io.rvnt.p2p.core.P2pLimits}.
 *
 * @param idleTimeout a connection without any packet for this long is closed (QUIC max_idle_timeout, RFC 9000
 *     §10.1; the smaller of both peers' values applies). Default 30 s, quic-go's and so go-libp2p's default.
 * @param maxData the connection receive window (QUIC initial_max_data, RFC 9000 §18.2): the most bytes a peer can
 *     have sent and this host not yet consumed on all streams together, so also the bytes one connection can make
 *     this host buffer; {@link io.rvnt.p2p.core.P2pLimits#maxBufferedBytesPerConnection()} caps it. Default 15 MB,
 *     rust-libp2p's and js-libp2p-quic's max_connection_data.
 * @param maxStreamData the receive window of one stream (initial_max_stream_data_bidi_local and _remote). Default
 *     10 MB, rust-libp2p's and js-libp2p-quic's max_stream_data.
 * @param certificateValidity lifetime of this host's ephemeral TLS certificate (libp2p TLS spec). Default 365 days.
 * @param verifiedCertificates how many peer certificates that passed every check are remembered by their full bytes,
 *     so that a peer reconnecting with the same certificate costs no signature verification (its validity period is
 *     still checked); 0 verifies every handshake in full. Default
 *     {@value io.rvnt.p2p.security.tls.CertificateVerifier#DEFAULT_VERIFIED_CACHE}.
 * @param udpSockets UDP sockets per listen address (bound with SO_REUSEPORT, on a port no other socket holds: port 0
 *     gets a free one, a fixed port that is held fails the listen) and per address family for dials, each with its
 *     QUIC codec on an event loop of its own: a socket's connections all run on its event loop. 0, the default, means
 *     one per event loop of the transport's group; 1 keeps a peer's connection alive across a change of its address
 *     (migration, NAT rebinding), which the kernel may otherwise hand to another socket.
 */
public record QuicConfig(Duration idleTimeout, long maxData, long maxStreamData, Duration certificateValidity,
    int verifiedCertificates, int udpSockets) {

  public static final QuicConfig DEFAULTS = new QuicConfig(Duration.ofSeconds(30), 15_000_000L, 10_000_000L,
      Duration.ofDays(365), CertificateVerifier.DEFAULT_VERIFIED_CACHE, 0);

  public QuicConfig {
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (certificateValidity == null || certificateValidity.isNegative() || certificateValidity.isZero()) {
      throw new IllegalArgumentException("certificateValidity must be positive");
    }
    if (maxData < 1 || maxStreamData < 1 || maxStreamData > maxData) {
      throw new IllegalArgumentException("windows must be positive and maxStreamData at most maxData");
    }
    if (verifiedCertificates < 0) {
      throw new IllegalArgumentException("verifiedCertificates must not be negative");
    }
    if (udpSockets < 0) {
      throw new IllegalArgumentException("udpSockets must not be negative");
    }
  }

  public QuicConfig withIdleTimeout(Duration value) {
    return new QuicConfig(value, maxData, maxStreamData, certificateValidity, verifiedCertificates, udpSockets);
  }

  public QuicConfig withMaxData(long value) {
    return new QuicConfig(idleTimeout, value, maxStreamData, certificateValidity, verifiedCertificates, udpSockets);
  }

  public QuicConfig withMaxStreamData(long value) {
    return new QuicConfig(idleTimeout, maxData, value, certificateValidity, verifiedCertificates, udpSockets);
  }

  public QuicConfig withVerifiedCertificates(int value) {
    return new QuicConfig(idleTimeout, maxData, maxStreamData, certificateValidity, value, udpSockets);
  }

  public QuicConfig withUdpSockets(int value) {
    return new QuicConfig(idleTimeout, maxData, maxStreamData, certificateValidity, verifiedCertificates, value);
  }

  public QuicConfig withCertificateValidity(Duration value) {
    return new QuicConfig(idleTimeout, maxData, maxStreamData, value, verifiedCertificates, udpSockets);
  }
}

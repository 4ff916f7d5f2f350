package io.rvnt.p2p.core;

import java.time.Duration;

/**
 * Every limit of the libp2p stack, one place. A peer that exceeds one loses its own stream or connection and
 * nothing else.
 *
 * @param handshakeTimeout time from TCP accept/connect (or QUIC start) to a secured, muxed connection. Default 10 s,
 *     js-libp2p's inbound upgrade timeout.
 * @param negotiationTimeout time for multistream-select to agree on a protocol on one stream. Default 10 s, as
 *     js-libp2p's protocol negotiation timeout.
 * @param maxConnections open connections of a host, inbound and outbound together; an accept beyond it is closed
 *     at once. Default 1024.
 * @param maxStreamsPerConnection concurrently open streams on one connection; a peer opening more gets them reset
 *     (yamux; once as many have been refused as this limit, the connection is closed) or refused (QUIC stream
 *     credit). Default 256, go-yamux's and rust-yamux's order of magnitude.
 * @param maxMessageSize largest length-prefixed protocol message (identify, application protocols on streams).
 *     Default 64 KiB.
 * @param maxBufferedBytesPerConnection bytes received on one connection and not yet consumed by its stream
 *     handlers; the stream that pushes the total beyond it is reset. Default 16 MiB (64 full 256 KiB yamux
 *     windows).
 * @param maxMultistreamMessage longest multistream-select message (protocol id plus newline). Default 1024,
 *     js-libp2p's MAX_PROTOCOL_LENGTH.
 * @param verifiedNoiseKeys remote Noise static keys whose identity signature verified, remembered by the full bytes
 *     the check read (static key, identity key, signature) so that a peer reconnecting with them skips the identity
 *     key parsing and the signature verification; 0 verifies every handshake in full. Default 1024, one per connected
 *     peer of a busy host (about 200 bytes each), as QUIC's verified certificates.
 */
public record P2pLimits(
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    int maxConnections,
    int maxStreamsPerConnection,
    int maxMessageSize,
    long maxBufferedBytesPerConnection,
    int maxMultistreamMessage,
    int verifiedNoiseKeys) {

  public static final P2pLimits DEFAULTS =
      new P2pLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), 1024, 256, 64 * 1024, 16L << 20, 1024, 1024);

  public P2pLimits {
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(negotiationTimeout, "negotiationTimeout");
    if (maxConnections < 1 || maxStreamsPerConnection < 1 || maxMessageSize < 1
        || maxBufferedBytesPerConnection < 1 || maxMultistreamMessage < 16) {
      throw new IllegalArgumentException("limits must be positive (maxMultistreamMessage at least 16)");
    }
    if (verifiedNoiseKeys < 0) {
      throw new IllegalArgumentException("verifiedNoiseKeys must not be negative");
    }
  }

  public P2pLimits withHandshakeTimeout(Duration value) {
    return new P2pLimits(value, negotiationTimeout, maxConnections, maxStreamsPerConnection, maxMessageSize,
        maxBufferedBytesPerConnection, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withNegotiationTimeout(Duration value) {
    return new P2pLimits(handshakeTimeout, value, maxConnections, maxStreamsPerConnection, maxMessageSize,
        maxBufferedBytesPerConnection, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withMaxConnections(int value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, value, maxStreamsPerConnection, maxMessageSize,
        maxBufferedBytesPerConnection, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withMaxStreamsPerConnection(int value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, maxConnections, value, maxMessageSize,
        maxBufferedBytesPerConnection, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withMaxMessageSize(int value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, maxConnections, maxStreamsPerConnection, value,
        maxBufferedBytesPerConnection, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withMaxBufferedBytesPerConnection(long value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, maxConnections, maxStreamsPerConnection,
        maxMessageSize, value, maxMultistreamMessage, verifiedNoiseKeys);
  }

  public P2pLimits withMaxMultistreamMessage(int value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, maxConnections, maxStreamsPerConnection,
        maxMessageSize, maxBufferedBytesPerConnection, value, verifiedNoiseKeys);
  }

  public P2pLimits withVerifiedNoiseKeys(int value) {
    return new P2pLimits(handshakeTimeout, negotiationTimeout, maxConnections, maxStreamsPerConnection,
        maxMessageSize, maxBufferedBytesPerConnection, maxMultistreamMessage, value);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}

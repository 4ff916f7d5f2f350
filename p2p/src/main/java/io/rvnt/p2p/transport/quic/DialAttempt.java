package io.rvnt.p2p.transport.quic;

import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.util.AttributeKey;
import io.rvnt.p2p.core.MuxedSession;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pException.Reason;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.security.tls.Libp2pTrustManager;
import io.rvnt.p2p.security.tls.TlsHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One outgoing connection attempt: what it expects, and how it ended. It holds one place of the connection limit. */
final class DialAttempt {
  /** The attempt a dialed QUIC channel belongs to, for the TLS engine provider of the shared client codec. */
  static final AttributeKey<DialAttempt> KEY = AttributeKey.valueOf(DialAttempt.class, "dialAttempt");

  final CompletableFuture<MuxedSession> result = new CompletableFuture<>();
  private final PeerId expected;
  private final QuicConnections connections;
  private final Libp2pTrustManager trust;
  private final Duration handshakeTimeout;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile QuicSslEngine engine;
  private volatile boolean timedOut;
  private Libp2pTrustManager.Outcome outcome; // Guarded by this.

  DialAttempt(PeerId expected, QuicConnections connections, Libp2pTrustManager trust, Duration handshakeTimeout) {
    this.expected = expected;
    this.connections = connections;
    this.trust = trust;
    this.handshakeTimeout = handshakeTimeout;
  }

  /** Tells the trust manager which PeerId {@code engine}'s handshake must prove, and keeps the engine. */
  QuicSslEngine secure(QuicSslEngine engine) {
    trust.expect(engine, expected);
    this.engine = engine;
    return engine;
  }

  void fail(P2pException failure) {
    if (result.completeExceptionally(failure)) {
      release();
    }
  }

  void release() {
    if (released.compareAndSet(false, true)) {
      connections.release();
    }
  }

  void timedOut() {
    timedOut = true;
  }

  /**
   * What the trust manager decided for this dial, taken from it once and kept: the close listener, the connect
   * listener and channelInactive may each ask first.
   */
  synchronized Libp2pTrustManager.Outcome outcome() {
    if (outcome == null && engine != null) {
      outcome = trust.takeOutcome(engine);
    }
    return outcome == null ? new Libp2pTrustManager.Outcome(Optional.empty(), Optional.empty()) : outcome;
  }

  P2pException failureReason(Throwable cause) {
    Optional<TlsHandshakeException> refusal = outcome().refusal();
    if (refusal.isPresent() && refusal.get().reason() == TlsHandshakeException.Reason.PEER_ID_MISMATCH) {
      return new P2pException(Reason.PEER_ID_MISMATCH, "the remote proved another PeerId than dialed", cause);
    }
    if (refusal.isPresent()) {
      return new P2pException(Reason.HANDSHAKE_FAILED, "remote certificate refused: " + refusal.get().reason(),
          cause);
    }
    if (timedOut) {
      return new P2pException(Reason.HANDSHAKE_TIMEOUT, "no QUIC handshake within " + handshakeTimeout, cause);
    }
    return new P2pException(Reason.HANDSHAKE_FAILED, "QUIC handshake failed", cause);
  }
}

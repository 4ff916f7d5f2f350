package io.rvnt.p2p.transport.quic;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;

/**
 * The book of one transport's connections: how many are open or handshaking against the connection limit, the
 * sessions to close with the transport, the inbound connections refused (whose TLS engines get no key material),
 * the inbound handshakes that failed, and whether the transport is closed. Thread-safe.
 */
final class QuicConnections {
  private final int maxConnections;
  private final AtomicInteger count = new AtomicInteger();
  private final Set<QuicSession> sessions = ConcurrentHashMap.newKeySet();
  // SSLEngine keeps Object's identity equality, so this is a set of engines by identity.
  private final Set<SSLEngine> refused = ConcurrentHashMap.newKeySet();
  private final LongAdder handshakeFailures = new LongAdder();
  private volatile boolean closed;

  QuicConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** Takes a place for one more connection; false when the limit is reached. */
  boolean tryAcquire() {
    while (true) {
      int current = count.get();
      if (current >= maxConnections) {
        return false;
      }
      if (count.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Gives back a place taken by {@link #tryAcquire()}; once per place. */
  void release() {
    count.decrementAndGet();
  }

  /** Marks an inbound connection's engine refused, until {@link #forgetRefused} when its channel closes. */
  void refuse(SSLEngine engine) {
    refused.add(engine);
  }

  void forgetRefused(SSLEngine engine) {
    refused.remove(engine);
  }

  boolean isRefused(SSLEngine engine) {
    return refused.contains(engine);
  }

  int count() {
    return count.get();
  }

  void add(QuicSession session) {
    sessions.add(session);
  }

  void remove(QuicSession session) {
    sessions.remove(session);
  }

  /** Marks the transport closed, so no connection is taken any more, and returns the sessions still open. */
  List<QuicSession> close() {
    closed = true;
    return List.copyOf(sessions);
  }

  boolean closed() {
    return closed;
  }

  void inboundHandshakeFailed() {
    handshakeFailures.increment();
  }

  long inboundHandshakeFailures() {
    return handshakeFailures.sum();
  }
}

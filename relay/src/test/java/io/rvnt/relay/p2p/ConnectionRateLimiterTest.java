package io.rvnt.relay.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Spec §8: a token bucket per connection, refilled over time, forgotten when its connection closes. */
class ConnectionRateLimiterTest {

  private final MutableClock clock = MutableClock.atFixedInstant();
  private final ConnectionRateLimiter limiter = new ConnectionRateLimiter(2, 3, clock);

  @Test
  void aConnectionHasItsBurstThenItsRate() {
    FakeConnection c = new FakeConnection();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(c)).as("token %d of the burst", i + 1).isTrue();
    }
    assertThat(limiter.tryAcquire(c)).as("the burst is spent").isFalse();
    clock.advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire(c)).as("one token back after half a second at 2/s").isTrue();
    assertThat(limiter.tryAcquire(c)).isFalse();
  }

  @Test
  void connectionsDoNotShareABucket() {
    FakeConnection a = new FakeConnection();
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire(a);
    }
    assertThat(limiter.tryAcquire(new FakeConnection())).as("another connection is not limited").isTrue();
  }

  @Test
  void aClosedConnectionIsForgotten() {
    FakeConnection c = new FakeConnection();
    limiter.tryAcquire(c);
    assertThat(limiter.trackedConnections()).isEqualTo(1);
    c.closed.complete(null);
    assertThat(limiter.trackedConnections()).as("nothing about a connection outlives it").isZero();
  }

  private static final class FakeConnection implements Connection {
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public PeerId localPeerId() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PeerId remotePeerId() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Multiaddr localAddress() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Multiaddr remoteAddress() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isInitiator() {
      return false;
    }

    @Override
    public <C> CompletableFuture<C> newStream(List<String> protocols, ProtocolHandler<C> handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> close() {
      closed.complete(null);
      return closed;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
      return closed;
    }
  }
}

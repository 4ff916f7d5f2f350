package io.rvnt.dht;

import io.netty.buffer.ByteBuf;
import io.rvnt.dht.wire.KadCodec;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one Kademlia request to one peer on a new stream and reads its one response (kad-dht spec: a stream may
 * carry several requests; this side uses one per request, as js-libp2p does). Reuses an open connection to the
 * peer, else dials its addresses in order. Every request ends within the request timeout.
 */
final class KadClient {

  /** Addresses tried per peer before giving up. */
  static final int MAX_DIAL_ATTEMPTS = 4;

  private final Host host;
  private final KadCodec codec;
  private final DhtConfig config;

  KadClient(Host host, KadCodec codec, DhtConfig config) {
    this.host = host;
    this.codec = codec;
    this.config = config;
  }

  /** Completes with the response; with null for ADD_PROVIDER, which has none. */
  CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
    return connect(peer)
        .thenCompose(c -> c.newStream(List.of(config.protocolId()), handler(request)))
        .thenCompose(f -> f)
        .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  CompletableFuture<Connection> connect(PeerInfo peer) {
    for (Connection c : host.connections()) {
      if (c.remotePeerId().equals(peer.id())) {
        return CompletableFuture.completedFuture(c);
      }
    }
    List<Multiaddr> addrs = peer.dialAddrs();
    if (addrs.isEmpty()) {
      return CompletableFuture.failedFuture(new DhtException(DhtException.Reason.NO_PEERS, "no address to dial"));
    }
    CompletableFuture<Connection> attempt = host.dial(addrs.get(0));
    for (int i = 1; i < Math.min(addrs.size(), MAX_DIAL_ATTEMPTS); i++) {
      Multiaddr next = addrs.get(i);
      attempt = attempt.handle((c, e) -> e == null ? CompletableFuture.completedFuture(c) : host.dial(next))
          .thenCompose(f -> f);
    }
    return attempt;
  }

  private ProtocolHandler<CompletableFuture<KadMessage>> handler(KadMessage request) {
    return stream -> {
      CompletableFuture<KadMessage> result = new CompletableFuture<>();
      LengthPrefixedReader reader = new LengthPrefixedReader(stream.alloc(), config.maxMessageBytes());
      stream.setHandler(new StreamHandler() {
        @Override
        public void onData(ByteBuf data) {
          if (result.isDone()) {
            data.release();
            return;
          }
          reader.add(data);
          try {
            byte[] message = reader.next();
            if (message != null) {
              KadMessage response = codec.decodeResponse(message);
              if (response.type() != request.type()) {
                throw new DhtException(DhtException.Reason.UNEXPECTED_RESPONSE, "response of another type");
              }
              result.complete(response);
              stream.closeWrite();
            }
          } catch (DhtException | MultiformatException e) {
            result.completeExceptionally(e);
          }
        }

        @Override
        public void onRemoteClosed() {
          result.completeExceptionally(
              new DhtException(DhtException.Reason.UNEXPECTED_RESPONSE, "stream ended without a response"));
          stream.closeWrite();
        }

        @Override
        public void onClosed(Throwable cause) {
          reader.release();
          result.completeExceptionally(cause != null ? cause
              : new P2pException(P2pException.Reason.CONNECTION_CLOSED, "Kademlia stream closed"));
        }
      });
      result.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((r, e) -> {
            if (e != null) {
              stream.reset();
            }
          });
      stream.write(LengthPrefixedReader.frame(stream.alloc(), codec.encode(request)));
      if (request.type() == KadMessage.Type.ADD_PROVIDER) {
        stream.closeWrite();
        result.complete(null);
      }
      return result;
    };
  }
}

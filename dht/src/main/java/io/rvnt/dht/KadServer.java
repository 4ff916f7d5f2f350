package io.rvnt.dht;

import io.netty.buffer.ByteBuf;
import io.rvnt.daemon.ratelimit.KeyedRateLimiter;
import io.rvnt.dht.record.RecordKeeper;
import io.rvnt.dht.routing.Key;
import io.rvnt.dht.routing.RoutingTable;
import io.rvnt.dht.wire.KadCodec;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of the Kademlia protocol: reads length-prefixed requests from an inbound stream and answers each
 * in order. FIND_NODE and PING are answered on the stream's event loop (memory only); record and provider requests
 * run on the store executor, since the store may block. A request over the peer's rate, a malformed or oversized
 * message, or a refused record resets the stream: that peer's request fails, and nothing else is affected.
 */
final class KadServer implements ProtocolHandler<Void> {

  private static final Logger LOG = Logger.getLogger(KadServer.class.getName());

  /** libp2p-record's time format (Go's RFC3339Nano with nine digits), which js-libp2p parses strictly. */
  static final DateTimeFormatter RFC3339_NANO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private final KadCodec codec;
  private final DhtConfig config;
  private final RoutingTable table;
  private final RecordKeeper records;
  private final KeyedRateLimiter<PeerId> limiter;
  private final DhtMetrics metrics;
  private final Executor storeExecutor;

  KadServer(KadCodec codec, DhtConfig config, RoutingTable table, RecordKeeper records, KeyedRateLimiter<PeerId> limiter,
      DhtMetrics metrics, Executor storeExecutor) {
    this.codec = codec;
    this.config = config;
    this.table = table;
    this.records = records;
    this.limiter = limiter;
    this.metrics = metrics;
    this.storeExecutor = storeExecutor;
  }

  @Override
  public Void onStream(Stream stream) {
    stream.setHandler(new Requests(stream));
    return null;
  }

  private final class Requests implements StreamHandler {
    private final Stream stream;
    private final PeerId remote;
    private final LengthPrefixedReader reader;
    // Responses leave in request order. Guarded by the stream's executor.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean failed;

    Requests(Stream stream) {
      this.stream = stream;
      this.remote = stream.connection().remotePeerId();
      this.reader = new LengthPrefixedReader(stream.alloc(), config.maxMessageBytes());
    }

    @Override
    public void onData(ByteBuf data) {
      if (failed) {
        data.release();
        return;
      }
      reader.add(data);
      try {
        byte[] bytes;
        while ((bytes = reader.next()) != null) {
          long start = System.nanoTime();
          if (!limiter.tryAcquire(remote)) {
            throw new DhtException(DhtException.Reason.RATE_LIMITED, "request rate exceeded");
          }
          KadMessage request = codec.decodeRequest(bytes);
          Executor executor = switch (request.type()) {
            case FIND_NODE, PING -> stream.executor();
            default -> storeExecutor;
          };
          tail = tail.thenComposeAsync(v -> answer(request, start), executor);
        }
      } catch (MultiformatException e) {
        fail(e.reason() == MultiformatException.Reason.TOO_LONG ? DhtException.Reason.TOO_LARGE
            : DhtException.Reason.MALFORMED_MESSAGE);
      } catch (DhtException e) {
        fail(e.reason());
      }
    }

    private CompletableFuture<Void> answer(KadMessage request, long start) {
      if (failed) {
        return CompletableFuture.completedFuture(null);
      }
      KadMessage response;
      try {
        response = respond(request);
      } catch (DhtException e) {
        stream.executor().execute(() -> fail(e.reason()));
        return CompletableFuture.completedFuture(null);
      }
      metrics.served(request.type(), System.nanoTime() - start);
      if (response == null) {
        return CompletableFuture.completedFuture(null);
      }
      return stream.write(LengthPrefixedReader.frame(stream.alloc(), codec.encode(response)))
          .exceptionally(e -> null);
    }

    private KadMessage respond(KadMessage request) {
      byte[] key = request.key();
      return switch (request.type()) {
        case PING -> KadMessage.request(KadMessage.Type.PING, new byte[0]);
        case FIND_NODE -> new KadMessage(KadMessage.Type.FIND_NODE, key, Optional.empty(), closer(key),
            List.of());
        case GET_VALUE -> {
          Optional<KadMessage.WireRecord> record = records.get(key).map(v -> new KadMessage.WireRecord(
              key, v.value(), RFC3339_NANO.format(v.receivedAt())));
          yield new KadMessage(KadMessage.Type.GET_VALUE, key, record, closer(key), List.of());
        }
        case PUT_VALUE -> {
          KadMessage.WireRecord record = request.record().orElseThrow();
          if (!java.util.Arrays.equals(record.key(), key)) {
            throw new DhtException(DhtException.Reason.MALFORMED_MESSAGE, "record key differs from message key");
          }
          records.put(Optional.of(remote), key, record.value());
          yield request;
        }
        case ADD_PROVIDER -> {
          for (PeerInfo provider : request.providerPeers()) {
            records.addProvider(Optional.of(remote), key, provider);
          }
          yield null;
        }
        case GET_PROVIDERS -> new KadMessage(KadMessage.Type.GET_PROVIDERS, key, Optional.empty(), closer(key),
            records.providers(key, config.k()));
      };
    }

    /** The k closest peers known, without the requester (it knows itself). */
    private List<PeerInfo> closer(byte[] key) {
      List<PeerInfo> closest = table.closest(Key.of(key), config.k() + 1);
      List<PeerInfo> out = new ArrayList<>(config.k());
      for (PeerInfo p : closest) {
        if (!p.id().equals(remote) && out.size() < config.k()) {
          out.add(p);
        }
      }
      return out;
    }

    private void fail(DhtException.Reason reason) {
      if (!failed) {
        failed = true;
        metrics.refuse(reason);
        // The reason alone: never the peer, its address, the key or the record (invariant 1).
        LOG.log(Level.FINE, "Kademlia request refused: {0}", reason);
        stream.reset();
      }
    }

    @Override
    public void onRemoteClosed() {
      tail.whenComplete((v, e) -> stream.closeWrite());
    }

    @Override
    public void onClosed(Throwable cause) {
      failed = true;
      reader.release();
    }
  }
}

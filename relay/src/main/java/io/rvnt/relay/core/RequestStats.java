package io.rvnt.relay.core;

import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.relay.protocol.RelayRequest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered per type, refusals included, with the time from decoding to the answer (a deposit's includes
 * its synced group commit) over the window every server shares ({@link LatencyWindow}). Requests refused before
 * they could be decoded (rate limit, malformed or oversized message) have no type: the refusal counters hold them.
 * Counts and times only. Thread-safe; recording is wait-free, so the event loop may do it.
 */
public final class RequestStats {

  /** A request type, named as the field of relay.proto's {@code Request} that carries it. */
  public enum Type {
    HELLO, CREATE, REGISTER, DEPOSIT, COLLECT, DELETE;

    /** The endpoint's name on the admin listener: {@code hello}, {@code create}, ... */
    public String endpoint() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Type of(RelayRequest request) {
      if (request instanceof RelayRequest.HelloRequest) {
        return HELLO;
      } else if (request instanceof RelayRequest.CreateMailboxRequest) {
        return CREATE;
      } else if (request instanceof RelayRequest.RegisterDepositsRequest) {
        return REGISTER;
      } else if (request instanceof RelayRequest.DepositRequest) {
        return DEPOSIT;
      } else if (request instanceof RelayRequest.CollectRequest) {
        return COLLECT;
      } else if (request instanceof RelayRequest.DeleteMailboxRequest) {
        return DELETE;
      }
      throw new AssertionError("a request type the relay does not know: " + request.getClass().getSimpleName());
    }
  }

  private final Map<Type, LongAdder> answered = new EnumMap<>(Type.class);
  private final Map<Type, LatencyWindow> latency = new EnumMap<>(Type.class);

  public RequestStats(Clock clock) {
    for (Type type : Type.values()) {
      answered.put(type, new LongAdder());
      latency.put(type, new LatencyWindow(clock));
    }
  }

  void answered(Type type, long elapsedNanos) {
    answered.get(type).increment();
    latency.get(type).record(elapsedNanos);
  }

  /** Requests of {@code type} answered since the relay started. */
  public long answered(Type type) {
    return answered.get(type).sum();
  }

  /** Their latency percentiles over the last {@link LatencyWindow#WINDOW}. */
  public LatencyWindow.Percentiles latency(Type type) {
    return latency.get(type).percentiles();
  }

  /** The window those percentiles come from, for the admin listener's aggregate periods. */
  public LatencyWindow window(Type type) {
    return latency.get(type);
  }
}

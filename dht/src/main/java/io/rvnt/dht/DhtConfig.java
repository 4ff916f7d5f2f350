package io.rvnt.dht;

import java.time.Duration;

/**
 * Every parameter and limit of the DHT, one place. Defaults follow the Kademlia paper and the libp2p kad-dht spec
 * where they say something, and are chosen for a bootstrap node on a small machine where they do not.
 *
 * @param protocolId the stream protocol; {@code /rvnt/kad/1.0.0} keeps RVNT's DHT apart from IPFS's
 *     {@code /ipfs/kad/1.0.0}, whose message format it speaks.
 * @param serverMode answer queries and announce the protocol (so that peers add this node to their tables); a
 *     client only asks.
 * @param k bucket size and replication factor: 20, the kad-dht spec's value.
 * @param alpha concurrent requests of one iterative lookup: 3, the Kademlia paper's and the spec's value.
 * @param maxLookupQueries most peers one lookup asks before it stops, a bound on a lookup that never converges.
 *     Default 100.
 * @param requestTimeout time for a remote to answer one request (including dialing it). Default 10 s.
 * @param maxMessageBytes largest Kademlia message read from a stream. Default 64 KiB, the host's message limit: a
 *     full response (20 peers, a record) is a few KiB.
 * @param maxKeyBytes longest record or provider key. Default 256 bytes; a PeerId key is at most 42 + namespace.
 * @param maxValueBytes largest record value. Default 10 KiB, the IPNS record limit of the IPFS specs.
 * @param maxPeersPerMessage peers read from one message's closer or provider list; further ones are ignored.
 *     Default 40 (twice k).
 * @param maxAddrsPerPeer addresses kept per peer of a message. Default 16.
 * @param recordTtl how long a received record or provider entry is kept. Default 48 h (kad-dht spec).
 * @param republishInterval how often this node republishes the records and provider entries it put itself.
 *     Default 22 h, under the 48 h expiry with room for a missed round.
 * @param refreshInterval how often the routing table is refreshed (a lookup of the own key and a random one, a
 *     liveness check of entries not heard from). Default 10 min, as js-libp2p.
 * @param requestsPerSecond sustained requests one peer may send. Default 100/s.
 * @param requestBurst requests one peer may send at once. Default 200.
 * @param maxRecordsPerPeer records and provider entries one peer may have stored here. Default 1024.
 * @param maxRecords records and provider entries this node stores in total. Default 1,000,000.
 * @param valueQuorum valid records a GET collects before it stops asking. Default 3.
 */
public record DhtConfig(
    String protocolId,
    boolean serverMode,
    int k,
    int alpha,
    int maxLookupQueries,
    Duration requestTimeout,
    int maxMessageBytes,
    int maxKeyBytes,
    int maxValueBytes,
    int maxPeersPerMessage,
    int maxAddrsPerPeer,
    Duration recordTtl,
    Duration republishInterval,
    Duration refreshInterval,
    int requestsPerSecond,
    int requestBurst,
    int maxRecordsPerPeer,
    long maxRecords,
    int valueQuorum) {

  public static final String DEFAULT_PROTOCOL_ID = "/rvnt/kad/1.0.0";

  public static final DhtConfig DEFAULTS = new DhtConfig(DEFAULT_PROTOCOL_ID, true, 20, 3, 100,
      Duration.ofSeconds(10), 64 * 1024, 256, 10 * 1024, 40, 16, Duration.ofHours(48), Duration.ofHours(22),
      Duration.ofMinutes(10), 100, 200, 1024, 1_000_000, 3);

  public DhtConfig {
    if (protocolId == null || !protocolId.startsWith("/")) {
      throw new IllegalArgumentException("protocolId must start with /");
    }
    if (k < 1 || alpha < 1 || maxLookupQueries < 1 || maxMessageBytes < 64 || maxKeyBytes < 1 || maxValueBytes < 1
        || maxPeersPerMessage < 1 || maxAddrsPerPeer < 1 || requestsPerSecond < 1 || requestBurst < 1
        || maxRecordsPerPeer < 1 || maxRecords < 1 || valueQuorum < 1) {
      throw new IllegalArgumentException("DHT limits must be positive");
    }
    for (Duration d : new Duration[] {requestTimeout, recordTtl, republishInterval, refreshInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("DHT durations must be positive");
      }
    }
  }

  public DhtConfig withProtocolId(String value) {
    return new DhtConfig(value, serverMode, k, alpha, maxLookupQueries, requestTimeout, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        refreshInterval, requestsPerSecond, requestBurst, maxRecordsPerPeer, maxRecords, valueQuorum);
  }

  public DhtConfig withServerMode(boolean value) {
    return new DhtConfig(protocolId, value, k, alpha, maxLookupQueries, requestTimeout, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        refreshInterval, requestsPerSecond, requestBurst, maxRecordsPerPeer, maxRecords, valueQuorum);
  }

  public DhtConfig withRequestRate(int perSecond, int burst) {
    return new DhtConfig(protocolId, serverMode, k, alpha, maxLookupQueries, requestTimeout, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        refreshInterval, perSecond, burst, maxRecordsPerPeer, maxRecords, valueQuorum);
  }

  public DhtConfig withRecordLimits(int perPeer, long total) {
    return new DhtConfig(protocolId, serverMode, k, alpha, maxLookupQueries, requestTimeout, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        refreshInterval, requestsPerSecond, requestBurst, perPeer, total, valueQuorum);
  }

  public DhtConfig withRequestTimeout(Duration value) {
    return new DhtConfig(protocolId, serverMode, k, alpha, maxLookupQueries, value, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        refreshInterval, requestsPerSecond, requestBurst, maxRecordsPerPeer, maxRecords, valueQuorum);
  }

  public DhtConfig withRefreshInterval(Duration value) {
    return new DhtConfig(protocolId, serverMode, k, alpha, maxLookupQueries, requestTimeout, maxMessageBytes,
        maxKeyBytes, maxValueBytes, maxPeersPerMessage, maxAddrsPerPeer, recordTtl, republishInterval,
        value, requestsPerSecond, requestBurst, maxRecordsPerPeer, maxRecords, valueQuorum);
  }
}

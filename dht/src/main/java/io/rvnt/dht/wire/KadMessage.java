package io.rvnt.dht.wire;

import io.rvnt.dht.PeerInfo;
import java.util.List;
import java.util.Optional;

/**
 * One Kademlia message (kad-dht spec, "RPC messages"), decoded and bounded by {@link KadCodec}; the DHT core sees
 * only this, never the generated protobuf class.
 *
 * @param key the record key, provider key or (FIND_NODE) binary PeerId; empty for PING
 * @param record the record of PUT_VALUE and of a GET_VALUE response
 */
public record KadMessage(
    Type type, byte[] key, Optional<WireRecord> record, List<PeerInfo> closerPeers, List<PeerInfo> providerPeers) {

  /** The message types, numbered as on the wire. */
  public enum Type { PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING }

  /** libp2p-record's Record: a key, its value, and the time the receiver stored it (RFC 3339, may be empty). */
  public record WireRecord(byte[] key, byte[] value, String timeReceived) {}

  public KadMessage {
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  public static KadMessage request(Type type, byte[] key) {
    return new KadMessage(type, key, Optional.empty(), List.of(), List.of());
  }
}

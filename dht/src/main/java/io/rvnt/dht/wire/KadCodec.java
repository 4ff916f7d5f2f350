package io.rvnt.dht.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.protocol.kad.Message;
import io.rvnt.protocol.kad.Record;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The codec of the Kademlia message (resources/proto/kademlia.proto, the {@code /ipfs/kad/1.0.0} format) with
 * its limits: the message size is bounded by the stream reader, keys and values here, and peer lists are cut at
 * {@code maxPeers} with at most {@code maxAddrs} addresses each. Peers with a malformed PeerId and addresses of
 * transports this node does not know are skipped, as other implementations may send them. Thread-safe.
 */
public final class KadCodec {

  private final int maxKeyBytes;
  private final int maxValueBytes;
  private final int maxPeers;
  private final int maxAddrs;

  public KadCodec(int maxKeyBytes, int maxValueBytes, int maxPeers, int maxAddrs) {
    this.maxKeyBytes = maxKeyBytes;
    this.maxValueBytes = maxValueBytes;
    this.maxPeers = maxPeers;
    this.maxAddrs = maxAddrs;
  }

  public static KadCodec of(DhtConfig config) {
    return new KadCodec(config.maxKeyBytes(), config.maxValueBytes(), config.maxPeersPerMessage(),
        config.maxAddrsPerPeer());
  }

  /**
   * Decodes a request: every type but PING needs a key, PUT_VALUE a record.
   *
   * @throws DhtException MALFORMED_MESSAGE for bytes that are not a Kademlia message or miss a needed field,
   *     TOO_LARGE for a key or value over its limit
   */
  public KadMessage decodeRequest(byte[] bytes) {
    KadMessage m = decodeResponse(bytes);
    if (m.key().length == 0 && m.type() != KadMessage.Type.PING) {
      throw new DhtException(DhtException.Reason.MALFORMED_MESSAGE, m.type() + " without a key");
    }
    if (m.type() == KadMessage.Type.PUT_VALUE && m.record().isEmpty()) {
      throw new DhtException(DhtException.Reason.MALFORMED_MESSAGE, "PUT_VALUE without a record");
    }
    return m;
  }

  /** Decodes a response, in which js-libp2p leaves the key out. */
  public KadMessage decodeResponse(byte[] bytes) {
    Message m;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(8);
      m = Message.parseFrom(in);
    } catch (IOException e) {
      throw new DhtException(DhtException.Reason.MALFORMED_MESSAGE, "not a Kademlia message", e);
    }
    KadMessage.Type type = switch (m.getType()) {
      case PUT_VALUE -> KadMessage.Type.PUT_VALUE;
      case GET_VALUE -> KadMessage.Type.GET_VALUE;
      case ADD_PROVIDER -> KadMessage.Type.ADD_PROVIDER;
      case GET_PROVIDERS -> KadMessage.Type.GET_PROVIDERS;
      case FIND_NODE -> KadMessage.Type.FIND_NODE;
      case PING -> KadMessage.Type.PING;
      case UNRECOGNIZED -> throw new DhtException(DhtException.Reason.MALFORMED_MESSAGE, "unknown message type");
    };
    byte[] key = m.getKey().toByteArray();
    if (key.length > maxKeyBytes) {
      throw new DhtException(DhtException.Reason.TOO_LARGE, "key above " + maxKeyBytes + " bytes");
    }
    Optional<KadMessage.WireRecord> record = Optional.empty();
    if (m.hasRecord()) {
      Record r = m.getRecord();
      if (r.getKey().size() > maxKeyBytes) {
        throw new DhtException(DhtException.Reason.TOO_LARGE, "record key above " + maxKeyBytes + " bytes");
      }
      if (r.getValue().size() > maxValueBytes) {
        throw new DhtException(DhtException.Reason.TOO_LARGE, "record value above " + maxValueBytes + " bytes");
      }
      record = Optional.of(new KadMessage.WireRecord(
          r.getKey().toByteArray(), r.getValue().toByteArray(), r.getTimeReceived()));
    }
    return new KadMessage(type, key, record, peers(m.getCloserPeersList()), peers(m.getProviderPeersList()));
  }

  public byte[] encode(KadMessage message) {
    Message.Builder b = Message.newBuilder()
        .setType(Message.MessageType.forNumber(message.type().ordinal()))
        .setKey(ByteString.copyFrom(message.key()));
    message.record().ifPresent(r -> b.setRecord(Record.newBuilder()
        .setKey(ByteString.copyFrom(r.key()))
        .setValue(ByteString.copyFrom(r.value()))
        .setTimeReceived(r.timeReceived())));
    for (PeerInfo p : message.closerPeers()) {
      b.addCloserPeers(peer(p));
    }
    for (PeerInfo p : message.providerPeers()) {
      b.addProviderPeers(peer(p));
    }
    return b.build().toByteArray();
  }

  private static Message.Peer peer(PeerInfo p) {
    Message.Peer.Builder b = Message.Peer.newBuilder().setId(ByteString.copyFrom(p.id().bytes()));
    for (Multiaddr a : p.addrs()) {
      b.addAddrs(ByteString.copyFrom(a.bytes()));
    }
    return b.build();
  }

  private List<PeerInfo> peers(List<Message.Peer> wire) {
    List<PeerInfo> out = new ArrayList<>(Math.min(wire.size(), maxPeers));
    for (Message.Peer p : wire) {
      if (out.size() >= maxPeers) {
        break;
      }
      PeerId id;
      try {
        id = PeerId.fromBytes(p.getId().toByteArray());
      } catch (CryptoException e) {
        continue; // a peer we cannot name is no use to a lookup
      }
      List<Multiaddr> addrs = new ArrayList<>();
      for (ByteString a : p.getAddrsList()) {
        if (addrs.size() >= maxAddrs) {
          break;
        }
        try {
          addrs.add(Multiaddr.decode(a.toByteArray()).withoutPeerId());
        } catch (MultiformatException e) {
          // ws, webrtc, circuit... addresses: not ours to dial
        }
      }
      out.add(new PeerInfo(id, addrs));
    }
    return out;
  }
}

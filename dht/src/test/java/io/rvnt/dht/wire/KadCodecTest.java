package io.rvnt.dht.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.rvnt.dht.DhtConfig;
import io.rvnt.dht.DhtException;
import io.rvnt.dht.PeerInfo;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.protocol.kad.Message;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KadCodecTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final KadCodec codec = KadCodec.of(DhtConfig.DEFAULTS);

  private static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
  }

  @Test
  void roundTripsEveryField() {
    PeerInfo p = new PeerInfo(peer(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"),
        Multiaddr.parse("/ip4/127.0.0.1/udp/4001/quic-v1")));
    KadMessage m = new KadMessage(KadMessage.Type.GET_VALUE, new byte[] {1, 2},
        Optional.of(new KadMessage.WireRecord(new byte[] {1, 2}, new byte[] {3}, "t")), List.of(p), List.of(p));
    KadMessage back = codec.decodeRequest(codec.encode(m));
    assertThat(back.type()).isEqualTo(KadMessage.Type.GET_VALUE);
    assertThat(back.key()).isEqualTo(new byte[] {1, 2});
    assertThat(back.record().orElseThrow().value()).isEqualTo(new byte[] {3});
    assertThat(back.closerPeers()).containsExactly(p);
    assertThat(back.providerPeers()).containsExactly(p);
  }

  @Test
  void cutsPeerListsAtTheLimitAndSkipsUnreadablePeers() {
    Message.Builder b = Message.newBuilder().setType(Message.MessageType.FIND_NODE).setKey(ByteString.copyFromUtf8("k"));
    b.addCloserPeers(Message.Peer.newBuilder().setId(ByteString.copyFromUtf8("not a multihash")));
    for (int i = 0; i < 100; i++) {
      b.addCloserPeers(Message.Peer.newBuilder().setId(ByteString.copyFrom(peer().bytes()))
          .addAddrs(ByteString.copyFrom(new byte[] {(byte) 0xee, 0x01})));
    }
    KadMessage m = codec.decodeResponse(b.build().toByteArray());
    assertThat(m.closerPeers()).hasSize(DhtConfig.DEFAULTS.maxPeersPerMessage());
    assertThat(m.closerPeers().get(0).addrs()).as("an address of an unknown transport is skipped").isEmpty();
  }

  @Test
  void refusesAKeyAboveTheLimit() {
    byte[] message = Message.newBuilder().setType(Message.MessageType.GET_VALUE)
        .setKey(ByteString.copyFrom(new byte[DhtConfig.DEFAULTS.maxKeyBytes() + 1])).build().toByteArray();
    assertThatThrownBy(() -> codec.decodeRequest(message)).isInstanceOf(DhtException.class)
        .satisfies(e -> assertThat(((DhtException) e).reason()).isEqualTo(DhtException.Reason.TOO_LARGE));
  }

  @Test
  void refusesAPutWithoutARecord() {
    byte[] message = Message.newBuilder().setType(Message.MessageType.PUT_VALUE)
        .setKey(ByteString.copyFromUtf8("/test/x")).build().toByteArray();
    assertThatThrownBy(() -> codec.decodeRequest(message)).hasMessageContaining("PUT_VALUE without a record");
  }

  @Test
  void refusesTruncatedProtobuf() {
    byte[] message = Message.newBuilder().setType(Message.MessageType.GET_VALUE)
        .setKey(ByteString.copyFromUtf8("/test/x")).build().toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(message, message.length - 2);
    assertThatThrownBy(() -> codec.decodeRequest(truncated)).hasMessageContaining("MALFORMED_MESSAGE");
  }
}

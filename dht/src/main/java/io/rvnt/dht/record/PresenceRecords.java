package io.rvnt.dht.record;

import com.google.protobuf.ByteString;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.protocol.presence.PresenceRecord;
import java.time.Instant;
import java.util.List;

/** Makes presence records: what an app publishes about itself (see {@link PresenceRecordValidator}). */
public final class PresenceRecords {

  private PresenceRecords() {}

  /** A record for {@code key}'s peer, listing {@code addrs}, valid until {@code expiresAt}, signed. */
  public static byte[] sign(PrivKey key, List<Multiaddr> addrs, long seq, Instant expiresAt) {
    PeerId peer = PeerId.fromPublicKey(key.publicKey());
    PresenceRecord.Builder b = PresenceRecord.newBuilder()
        .setPeerId(ByteString.copyFrom(peer.bytes()))
        .setSeq(seq)
        .setExpiresAtMs(expiresAt.toEpochMilli());
    if (peer.publicKey().isEmpty()) {
      b.setPublicKey(ByteString.copyFrom(key.publicKey().bytes()));
    }
    for (Multiaddr a : addrs) {
      b.addAddrs(ByteString.copyFrom(a.bytes()));
    }
    PresenceRecord unsigned = b.build();
    byte[] signature = key.sign(PresenceRecordValidator.signedBytes(unsigned));
    return unsigned.toBuilder().setSignature(ByteString.copyFrom(signature)).build().toByteArray();
  }
}

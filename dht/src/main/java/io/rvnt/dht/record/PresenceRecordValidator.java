package io.rvnt.dht.record;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.dht.DhtException;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.protocol.presence.PresenceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The validator of RVNT presence records (resources/proto/presence.proto), namespace {@value #NAMESPACE}: the key
 * is {@code /rvnt-presence/} followed by the binary PeerId, the record names the same PeerId, is signed by that
 * PeerId's libp2p key over {@value #SIGNATURE_DOMAIN} and the record without its signature, and has not expired
 * nor claims to live longer than {@code maxValidity}. A stale or forged record is refused. Among valid records of
 * one peer the highest {@code seq} wins, then the latest expiry.
 */
public final class PresenceRecordValidator implements RecordValidator {

  public static final String NAMESPACE = "rvnt-presence";
  public static final String SIGNATURE_DOMAIN = "rvnt-presence:";
  static final byte[] KEY_PREFIX = ("/" + NAMESPACE + "/").getBytes(StandardCharsets.US_ASCII);

  /** Default longest lifetime a record may claim: the DHT's record expiry, 48 h. */
  public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofHours(48);

  private final Duration maxValidity;

  public PresenceRecordValidator() {
    this(DEFAULT_MAX_VALIDITY);
  }

  public PresenceRecordValidator(Duration maxValidity) {
    this.maxValidity = maxValidity;
  }

  /** The DHT key of {@code peer}'s presence record. */
  public static byte[] key(PeerId peer) {
    byte[] id = peer.bytes();
    byte[] key = Arrays.copyOf(KEY_PREFIX, KEY_PREFIX.length + id.length);
    System.arraycopy(id, 0, key, KEY_PREFIX.length, id.length);
    return key;
  }

  /** The bytes a presence record's signature covers. */
  static byte[] signedBytes(PresenceRecord unsigned) {
    byte[] domain = SIGNATURE_DOMAIN.getBytes(StandardCharsets.US_ASCII);
    byte[] body = unsigned.toBuilder().clearSignature().build().toByteArray();
    byte[] out = Arrays.copyOf(domain, domain.length + body.length);
    System.arraycopy(body, 0, out, domain.length, body.length);
    return out;
  }

  @Override
  public void validate(byte[] key, byte[] value, Instant now) {
    PresenceRecord record = parse(value);
    byte[] peerBytes = record.getPeerId().toByteArray();
    if (!InMemoryRecordStore.startsWith(key, KEY_PREFIX)
        || !Arrays.equals(key, KEY_PREFIX.length, key.length, peerBytes, 0, peerBytes.length)) {
      throw refuse("the record names another peer than its key");
    }
    PeerId peer;
    PubKey publicKey;
    try {
      peer = PeerId.fromBytes(peerBytes);
      publicKey = record.getPublicKey().isEmpty()
          ? peer.publicKey().orElseThrow(() -> refuse("no public key for the peer"))
          : Keys.unmarshalPublicKey(record.getPublicKey().toByteArray());
    } catch (CryptoException e) {
      throw refuse("malformed peer id or key");
    }
    if (!peer.matches(publicKey)) {
      throw refuse("the public key is not the peer's");
    }
    if (!publicKey.verify(signedBytes(record), record.getSignature().toByteArray())) {
      throw refuse("bad signature");
    }
    long expires = record.getExpiresAtMs();
    if (expires <= now.toEpochMilli()) {
      throw refuse("expired");
    }
    if (expires > now.plus(maxValidity).toEpochMilli()) {
      throw refuse("claims to live longer than " + maxValidity.toHours() + " h");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    int best = 0;
    PresenceRecord bestRecord = parse(values.get(0));
    for (int i = 1; i < values.size(); i++) {
      PresenceRecord r = parse(values.get(i));
      int bySeq = Long.compareUnsigned(r.getSeq(), bestRecord.getSeq());
      if (bySeq > 0 || (bySeq == 0 && Long.compareUnsigned(r.getExpiresAtMs(), bestRecord.getExpiresAtMs()) > 0)) {
        best = i;
        bestRecord = r;
      }
    }
    return best;
  }

  private static PresenceRecord parse(byte[] value) {
    try {
      return PresenceRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw refuse("not a presence record");
    }
  }

  private static DhtException refuse(String why) {
    return new DhtException(DhtException.Reason.INVALID_RECORD, "presence record: " + why);
  }
}

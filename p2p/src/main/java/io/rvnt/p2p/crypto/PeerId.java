package io.rvnt.p2p.crypto;

import io.rvnt.p2p.multiformats.Base58;
import io.rvnt.p2p.multiformats.Cid;
import io.rvnt.p2p.multiformats.MultiformatException;
import io.rvnt.p2p.multiformats.Multihash;
import java.util.Optional;

/**
 * A libp2p PeerId (peer-ids spec): the multihash of the protobuf public key, identity when that encoding is at most
 * 42 bytes (Ed25519), sha2-256 otherwise. Text form base58btc; the CIDv1 form ({@code libp2p-key}) is parsed too.
 */
public final class PeerId {

  /** The spec's threshold: keys whose protobuf form is at most 42 bytes are inlined with the identity hash. */
  static final int MAX_INLINE_KEY_LENGTH = 42;

  private final Multihash multihash;

  private PeerId(Multihash multihash) {
    this.multihash = multihash;
  }

  public static PeerId fromPublicKey(PubKey key) {
    byte[] encoded = key.bytes();
    return new PeerId(
        encoded.length <= MAX_INLINE_KEY_LENGTH ? Multihash.identity(encoded) : Multihash.sha256(encoded));
  }

  public static PeerId fromMultihash(Multihash multihash) {
    return new PeerId(multihash);
  }

  /** From the binary form (a multihash). */
  public static PeerId fromBytes(byte[] bytes) {
    try {
      return new PeerId(Multihash.decode(bytes));
    } catch (MultiformatException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_PEER_ID, "not a multihash", e);
    }
  }

  /** Parses the base58btc form ({@code 12D3KooW...}, {@code Qm...}) or the CIDv1 form ({@code bafz...}). */
  public static PeerId parse(String text) {
    try {
      if (text.startsWith("1") || text.startsWith("Qm")) {
        return new PeerId(Multihash.decode(Base58.decode(text)));
      }
      Cid cid = Cid.parse(text);
      if (cid.codec() != Cid.LIBP2P_KEY) {
        throw new CryptoException(CryptoException.Reason.MALFORMED_PEER_ID, "CID codec is not libp2p-key");
      }
      return new PeerId(cid.multihash());
    } catch (MultiformatException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_PEER_ID, "not a PeerId", e);
    }
  }

  public Multihash multihash() {
    return multihash;
  }

  public byte[] bytes() {
    return multihash.bytes();
  }

  /** The public key inlined in an identity-hashed PeerId, if it is one and the key is supported. */
  public Optional<PubKey> publicKey() {
    if (multihash.code() != Multihash.IDENTITY) {
      return Optional.empty();
    }
    return Optional.of(Keys.unmarshalPublicKey(multihash.digest()));
  }

  /** True when {@code key} is the key this PeerId was made from. */
  public boolean matches(PubKey key) {
    return fromPublicKey(key).equals(this);
  }

  public String toBase58() {
    return Base58.encode(bytes());
  }

  public Cid toCid() {
    return new Cid(Cid.LIBP2P_KEY, multihash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && p.multihash.equals(multihash);
  }

  @Override
  public int hashCode() {
    return multihash.hashCode();
  }

  /** The base58btc form. Callers must not log it for users' peers (invariant 1). */
  @Override
  public String toString() {
    return toBase58();
  }
}

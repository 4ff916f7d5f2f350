package io.rvnt.p2p.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key (RFC 8032), immutable and thread-safe. */
final class Ed25519PubKey implements PubKey {

  private final byte[] raw;
  private final Ed25519PublicKeyParameters params;

  private Ed25519PubKey(byte[] raw) {
    this.raw = raw;
    this.params = new Ed25519PublicKeyParameters(raw, 0);
  }

  static Ed25519PubKey of(byte[] raw) {
    if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "Ed25519 public keys are 32 bytes");
    }
    return new Ed25519PubKey(raw.clone());
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, params);
    verifier.update(data, 0, data.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PubKey k && Arrays.equals(k.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }
}

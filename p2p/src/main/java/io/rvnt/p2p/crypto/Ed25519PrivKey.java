package io.rvnt.p2p.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 private key (RFC 8032), immutable and thread-safe. */
final class Ed25519PrivKey implements PrivKey {

  private static final int SEED = Ed25519PrivateKeyParameters.KEY_SIZE;

  private final Ed25519PrivateKeyParameters params;
  private final Ed25519PubKey publicKey;

  private Ed25519PrivKey(Ed25519PrivateKeyParameters params) {
    this.params = params;
    this.publicKey = Ed25519PubKey.of(params.generatePublicKey().getEncoded());
  }

  static Ed25519PrivKey generate(SecureRandom random) {
    return new Ed25519PrivKey(new Ed25519PrivateKeyParameters(random));
  }

  /**
   * From the protobuf Data: the peer-ids spec stores seed followed by public key (64 bytes); a bare 32-byte seed is
   * accepted too. The stored public key must match the one derived from the seed.
   */
  static Ed25519PrivKey of(byte[] data) {
    if (data.length != SEED && data.length != 2 * SEED) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "Ed25519 private keys are 32 or 64 bytes");
    }
    Ed25519PrivKey key = new Ed25519PrivKey(new Ed25519PrivateKeyParameters(data, 0));
    if (data.length == 2 * SEED && !Arrays.equals(key.publicKey.raw(), Arrays.copyOfRange(data, SEED, 2 * SEED))) {
      throw new CryptoException(CryptoException.Reason.MALFORMED_KEY, "public half does not match the seed");
    }
    return key;
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public PubKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, params);
    signer.update(data, 0, data.length);
    return signer.generateSignature();
  }

  @Override
  public byte[] bytes() {
    byte[] data = new byte[2 * SEED];
    params.encode(data, 0);
    System.arraycopy(publicKey.raw(), 0, data, SEED, SEED);
    return KeyProtobuf.encode(KeyType.ED25519, data);
  }

  @Override
  public String toString() {
    return "Ed25519PrivKey[redacted]";
  }
}

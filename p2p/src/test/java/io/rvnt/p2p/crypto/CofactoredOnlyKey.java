package io.rvnt.p2p.crypto;

import io.rvnt.protocol.crypto.TorsionSignatures;
import java.security.SecureRandom;

/**
 * A host key whose signatures hold under the cofactored Ed25519 equation and not under the cofactorless one: what
 * the project's one verification rule refuses (docs/identity-protocol.md §4), wherever a libp2p key signs.
 */
public final class CofactoredOnlyKey implements PrivKey {
  private final byte[] seed = new byte[32];
  private final PrivKey honest;

  public CofactoredOnlyKey(SecureRandom random) {
    random.nextBytes(seed);
    honest = Ed25519PrivKey.of(seed);
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public PubKey publicKey() {
    return honest.publicKey();
  }

  /** An honest signature by the same key, to show the forged one fails for its form alone. */
  public byte[] signHonestly(byte[] data) {
    return honest.sign(data);
  }

  @Override
  public byte[] sign(byte[] data) {
    return TorsionSignatures.cofactoredOnly(seed, data);
  }

  @Override
  public byte[] bytes() {
    return honest.bytes();
  }
}

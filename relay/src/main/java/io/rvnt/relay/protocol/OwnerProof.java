package io.rvnt.relay.protocol;

/**
 * The owner part of a signed request (spec §5): the mailbox's public key, the challenge the client signed, and the
 * signature. Lengths are checked by the relay's rules, in the order of spec §6.0, not here.
 */
public record OwnerProof(byte[] publicKey, byte[] challenge, byte[] signature) {
  public OwnerProof {
    publicKey = publicKey.clone();
    challenge = challenge.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] challenge() {
    return challenge.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}

package io.rvnt.relay.core;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.RelayException;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayStatus;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Spec §6.0 step 3, the proof that a signed request comes from the mailbox key's holder, in the document's order:
 * the challenge, its age, the key, the proof of work (creation only), then the signature, the costliest, last.
 * CPU work: callers run it off event loops. Thread-safe.
 */
final class OwnerCheck {

  private final byte[] relayPeerId;
  private final Clock clock;
  private final RelayLimits limits;

  OwnerCheck(byte[] relayPeerId, Clock clock, RelayLimits limits) {
    this.relayPeerId = relayPeerId;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Returns the mailbox id of the request's key.
   *
   * @param outstanding the stream's latest challenge, null if it sent none
   * @param powNonce the proof of work of a creation, empty for the other requests
   */
  byte[] check(OwnerSignature.Op op, OwnerProof owner, Challenge outstanding, byte[] payload,
      Optional<Long> powNonce) {
    byte[] challenge = owner.challenge();
    if (outstanding == null || !MessageDigest.isEqual(challenge, outstanding.bytes())) {
      throw new RelayException(RelayStatus.BAD_CHALLENGE, "not the relay's latest challenge on this stream");
    }
    if (clock.millis() - outstanding.issuedAtMillis() > limits.challengeTtl().toMillis()) {
      throw new RelayException(RelayStatus.STALE_CHALLENGE, "the challenge is too old");
    }
    byte[] publicKey = owner.publicKey();
    if (!Ed25519.isValidPublicKey(publicKey)) {
      throw new RelayException(RelayStatus.BAD_KEY, "not an Ed25519 public key");
    }
    if (powNonce.isPresent()) {
      byte[] hash = ProofOfWork.hash(RelayIds.createPowChallenge(relayPeerId, publicKey), powNonce.get());
      if (!ProofOfWork.meets(hash, limits.createPowBits())) {
        throw new RelayException(RelayStatus.POW_INSUFFICIENT, "the proof of work needs "
            + limits.createPowBits() + " leading zero bits");
      }
    }
    byte[] signed = OwnerSignature.signedBytes(op, relayPeerId, challenge, publicKey, payload);
    if (!Ed25519.verify(publicKey, signed, owner.signature())) {
      throw new RelayException(RelayStatus.BAD_SIGNATURE, "the signature does not verify");
    }
    return RelayIds.mailboxId(publicKey);
  }
}

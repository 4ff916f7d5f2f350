package io.rvnt.relay.protocol;

import java.util.List;

/**
 * A decoded relay request (spec §6), bounded by {@link RelayCodec}; the relay's rules see only these, never the
 * generated protobuf classes. Byte arrays are not copied: a blob can be 64 KiB, and neither side changes them.
 */
public sealed interface RelayRequest {

  /** Spec §6.1. */
  record HelloRequest() implements RelayRequest {}

  /** Spec §6.2. */
  record CreateMailboxRequest(OwnerProof owner, long powNonce) implements RelayRequest {}

  /** Spec §6.3: the full list of the mailbox's deposit ids for {@code day}. */
  record RegisterDepositsRequest(OwnerProof owner, int day, List<byte[]> depositIds) implements RelayRequest {
    public RegisterDepositsRequest {
      depositIds = List.copyOf(depositIds);
    }
  }

  /** Spec §6.4. */
  record DepositRequest(byte[] depositId, byte[] blob) implements RelayRequest {}

  /** Spec §6.5. {@code maxEnvelopes} is unsigned on the wire; above the relay's limit it means the limit. */
  record CollectRequest(OwnerProof owner, List<byte[]> acknowledged, int maxEnvelopes) implements RelayRequest {
    public CollectRequest {
      acknowledged = List.copyOf(acknowledged);
    }
  }

  /** Spec §6.6. */
  record DeleteMailboxRequest(OwnerProof owner) implements RelayRequest {}
}

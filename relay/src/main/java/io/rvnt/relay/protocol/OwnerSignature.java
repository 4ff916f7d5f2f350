package io.rvnt.relay.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.rvnt.protocol.crypto.Ed25519;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The bytes a mailbox key signs (spec §5.2):
 * {@code "rvnt-relay/1 " || op || 0x00 || relay_peer_id || challenge || public_key || payload}, where the payload
 * is empty for create and delete, {@code u32be(day) || deposit ids} for register and
 * {@code u32be(max_envelopes) || acknowledged ids} for collect, lists in request order.
 */
public final class OwnerSignature {

  public static final int CHALLENGE_BYTES = 32;

  /** The requests a mailbox key signs, with the name that goes into the signed bytes. */
  public enum Op {
    CREATE("create"),
    REGISTER("register"),
    COLLECT("collect"),
    DELETE("delete");

    private final String label;

    Op(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private OwnerSignature() {}

  public static byte[] signedBytes(Op op, byte[] relayPeerId, byte[] challenge, byte[] publicKey, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96 + relayPeerId.length + payload.length);
    out.writeBytes(("rvnt-relay/1 " + op.label()).getBytes(US_ASCII));
    out.write(0);
    out.writeBytes(relayPeerId);
    out.writeBytes(challenge);
    out.writeBytes(publicKey);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] registerPayload(int day, List<byte[]> depositIds) {
    return listPayload(day, depositIds);
  }

  public static byte[] collectPayload(int maxEnvelopes, List<byte[]> acknowledged) {
    return listPayload(maxEnvelopes, acknowledged);
  }

  /** Signs with the mailbox key's 32-byte seed: what a client does. */
  public static OwnerProof sign(Op op, byte[] relayPeerId, byte[] challenge, byte[] seed, byte[] payload) {
    byte[] publicKey = Ed25519.publicKey(seed);
    byte[] signature = Ed25519.sign(seed, signedBytes(op, relayPeerId, challenge, publicKey, payload));
    return new OwnerProof(publicKey, challenge, signature);
  }

  private static byte[] listPayload(int number, List<byte[]> ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 + ids.size() * RelayIds.ID_BYTES);
    out.writeBytes(RelayIds.u32be(number));
    for (byte[] id : ids) {
      out.writeBytes(id);
    }
    return out.toByteArray();
  }
}

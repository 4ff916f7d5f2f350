package io.rvnt.relay.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.pow.PowSolver;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.relay.client.MailboxKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes the test vectors of spec §12 from their inputs, in the document's order. */
final class RelayTestVectors {

  static final List<String> INPUTS = List.of("relay_peer_key_seed", "mailbox_seed", "master_seed",
      "deposit_secret", "day", "message", "challenge", "next_challenge", "max_envelopes", "create_pow_bits");

  private static final HexFormat HEX = HexFormat.of();

  private RelayTestVectors() {}

  static Map<String, String> compute(Map<String, String> in) {
    Map<String, String> out = new LinkedHashMap<>(in);
    byte[] relayKey = Ed25519.publicKey(hex(in, "relay_peer_key_seed"));
    // The libp2p PeerId of an Ed25519 key: the identity multihash of its protobuf PublicKey (peer-ids spec).
    byte[] relay = HEX.parseHex("002408011220" + HEX.formatHex(relayKey));
    out.put("relay_peer_id", HEX.formatHex(relay));
    out.put("relay_peer_id_base58", PeerId.fromBytes(relay).toBase58());

    byte[] seed = hex(in, "mailbox_seed");
    byte[] publicKey = Ed25519.publicKey(seed);
    out.put("mailbox_public_key", HEX.formatHex(publicKey));
    out.put("mailbox_id", HEX.formatHex(RelayIds.mailboxId(publicKey)));
    out.put("derived_mailbox_public_key", HEX.formatHex(MailboxKey.forRelay(hex(in, "master_seed"), relay)
        .publicKey()));

    int day = Integer.parseInt(in.get("day"));
    byte[] depositId = RelayIds.depositId(hex(in, "deposit_secret"), relay, day);
    out.put("deposit_id", HEX.formatHex(depositId));

    byte[] blob = Padding.pad(in.get("message").getBytes(UTF_8));
    out.put("blob_length", String.valueOf(blob.length));
    out.put("blob_prefix", HEX.formatHex(blob, 0, 4 + in.get("message").length()));
    byte[] envelopeId = RelayIds.envelopeId(blob);
    out.put("envelope_id", HEX.formatHex(envelopeId));

    RelayCodec codec = new RelayCodec(RelayCodec.DEFAULT_MAX_IDS, RelayCodec.DEFAULT_MAX_IDS);
    out.put("hello_request", HEX.formatHex(codec.encodeRequest(new RelayRequest.HelloRequest())));
    out.put("deposit_request_prefix", HEX.formatHex(codec.encodeRequest(
        new RelayRequest.DepositRequest(depositId, blob)), 0, 2 + 16 + 6));

    byte[] challenge = hex(in, "challenge");
    int bits = Integer.parseInt(in.get("create_pow_bits"));
    byte[] powChallenge = RelayIds.createPowChallenge(relay, publicKey);
    out.put("create_pow_challenge", HEX.formatHex(powChallenge));
    long nonce = new PowSolver(1).solve(powChallenge, bits, n -> { }, () -> false).nonce();
    out.put("create_pow_nonce", Long.toUnsignedString(nonce));
    out.put("create_pow_hash", HEX.formatHex(ProofOfWork.hash(powChallenge, nonce)));
    byte[] createSigned = OwnerSignature.signedBytes(OwnerSignature.Op.CREATE, relay, challenge, publicKey,
        new byte[0]);
    out.put("create_signed_bytes", HEX.formatHex(createSigned));
    OwnerProof create = OwnerSignature.sign(OwnerSignature.Op.CREATE, relay, challenge, seed, new byte[0]);
    out.put("create_signature", HEX.formatHex(create.signature()));
    out.put("create_request", HEX.formatHex(codec.encodeRequest(new RelayRequest.CreateMailboxRequest(create,
        nonce))));

    byte[] registerPayload = OwnerSignature.registerPayload(day, List.of(depositId));
    out.put("register_signed_bytes", HEX.formatHex(OwnerSignature.signedBytes(OwnerSignature.Op.REGISTER, relay,
        challenge, publicKey, registerPayload)));
    OwnerProof register = OwnerSignature.sign(OwnerSignature.Op.REGISTER, relay, challenge, seed, registerPayload);
    out.put("register_signature", HEX.formatHex(register.signature()));
    out.put("register_request", HEX.formatHex(codec.encodeRequest(new RelayRequest.RegisterDepositsRequest(
        register, day, List.of(depositId)))));

    int max = Integer.parseInt(in.get("max_envelopes"));
    byte[] collectPayload = OwnerSignature.collectPayload(max, List.of(envelopeId));
    out.put("collect_signed_bytes", HEX.formatHex(OwnerSignature.signedBytes(OwnerSignature.Op.COLLECT, relay,
        challenge, publicKey, collectPayload)));
    OwnerProof collect = OwnerSignature.sign(OwnerSignature.Op.COLLECT, relay, challenge, seed, collectPayload);
    out.put("collect_signature", HEX.formatHex(collect.signature()));
    out.put("collect_request", HEX.formatHex(codec.encodeRequest(new RelayRequest.CollectRequest(collect,
        List.of(envelopeId), max))));
    out.put("empty_collect_response", HEX.formatHex(codec.encodeResponse(new RelayResponse(RelayStatus.OK,
        hex(in, "next_challenge"), Optional.empty(), List.of(), false))));
    out.put("refusal_response", HEX.formatHex(codec.encodeResponse(RelayResponse.of(RelayStatus.QUOTA_EXCEEDED))));
    return out;
  }

  private static byte[] hex(Map<String, String> in, String name) {
    return HEX.parseHex(in.get(name));
  }

  /** Prints the vectors for the document: {@code name = value} lines. */
  public static void main(String[] args) {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("relay_peer_key_seed", "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    in.put("mailbox_seed", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    in.put("master_seed", "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    in.put("deposit_secret", "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
    in.put("day", "20454");
    in.put("message", "hello from the relay test vectors");
    in.put("challenge", "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f");
    in.put("next_challenge", "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    in.put("max_envelopes", "16");
    in.put("create_pow_bits", "12");
    compute(in).forEach((k, v) -> System.out.println(k + " = " + v));
  }
}

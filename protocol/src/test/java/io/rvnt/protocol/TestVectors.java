package io.rvnt.protocol;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.Edwards25519;
import io.rvnt.protocol.crypto.Fingerprints;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.TorsionSignatures;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowSolver;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the test vectors of spec §11 from their inputs. {@link TestVectorsTest} feeds it the inputs written in
 * the spec and compares every output; {@link #main} prints the whole block for the spec.
 */
final class TestVectors {
  private static final HexFormat HEX = HexFormat.of();

  /** The inputs, in the order they appear in the spec. */
  static final List<String> INPUTS = List.of(
      "identity_seed", "username", "signed_prekey_id", "signed_prekey_private_key", "pq_prekey_id",
      "pq_prekey_seed", "one_time_prekey_id", "one_time_prekey_private_key", "request_method", "request_path",
      "request_timestamp", "register_pow_bits", "write_pow_bits", "order8_point", "pow_seed_key",
      "pow_seed_period_ms", "register_pow_effort", "write_pow_effort");

  private TestVectors() {}

  static Map<String, String> defaultInputs() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("identity_seed", hexRange(0x00, 32));
    in.put("username", "alice");
    in.put("signed_prekey_id", "7");
    in.put("signed_prekey_private_key", hexRange(0x20, 32));
    in.put("pq_prekey_id", "8");
    in.put("pq_prekey_seed", hexRange(0x40, 64));
    in.put("one_time_prekey_id", "4294967295");
    in.put("one_time_prekey_private_key", hexRange(0x80, 32));
    in.put("request_method", "PUT");
    in.put("request_path", "/v1/prekeys");
    in.put("request_timestamp", "1700000000000");
    in.put("register_pow_bits", "20");
    in.put("write_pow_bits", "16");
    in.put("order8_point", HEX.formatHex(Edwards25519.ORDER_EIGHT.encode()));
    in.put("pow_seed_key", hexRange(0xa0, 32));
    in.put("pow_seed_period_ms", "900000");
    // One and a half floors: efforts are linear, not powers of two (spec §6.1).
    in.put("register_pow_effort", "1572864");
    in.put("write_pow_effort", "98304");
    return in;
  }

  /** Inputs followed by every derived value, as the spec lists them. */
  static Map<String, String> compute(Map<String, String> in) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : INPUTS) {
      out.put(name, in.get(name));
    }
    byte[] seed = HEX.parseHex(in.get("identity_seed"));
    String username = in.get("username");
    byte[] identityKey = Ed25519.publicKey(seed);
    out.put("identity_public_key", HEX.formatHex(identityKey));
    out.put("identity_fingerprint", Fingerprints.of(identityKey));

    int spkId = Integer.parseUnsignedInt(in.get("signed_prekey_id"));
    byte[] spkPublic = X25519.fromPrivateKey(HEX.parseHex(in.get("signed_prekey_private_key"))).publicKey();
    byte[] spkSigned = SignedBytes.signedPreKey(spkId, spkPublic);
    byte[] spkSignature = Ed25519.sign(seed, spkSigned);
    out.put("signed_prekey_public_key", HEX.formatHex(spkPublic));
    out.put("signed_prekey_signed_bytes", HEX.formatHex(spkSigned));
    out.put("signed_prekey_signature", HEX.formatHex(spkSignature));
    out.put("cofactored_only_signature",
        HEX.formatHex(TorsionSignatures.withTorsion(seed, spkSigned, HEX.parseHex(in.get("order8_point")))));

    int pqId = Integer.parseUnsignedInt(in.get("pq_prekey_id"));
    byte[] pqPublic = MlKem768.fromSeed(HEX.parseHex(in.get("pq_prekey_seed"))).publicKey();
    byte[] pqSignature = Ed25519.sign(seed, SignedBytes.pqPreKey(pqId, pqPublic));
    out.put("pq_prekey_public_key", HEX.formatHex(pqPublic));
    out.put("pq_prekey_signature", HEX.formatHex(pqSignature));

    int opkId = Integer.parseUnsignedInt(in.get("one_time_prekey_id"));
    byte[] opkPublic = X25519.fromPrivateKey(HEX.parseHex(in.get("one_time_prekey_private_key"))).publicKey();
    out.put("one_time_prekey_public_key", HEX.formatHex(opkPublic));
    OneTimePreKey opk = new OneTimePreKey(opkId, opkPublic);

    Registration registration = new Registration(username, identityKey,
        new SignedPreKey(spkId, spkPublic, spkSignature), new PqPreKey(pqId, pqPublic, pqSignature), List.of(opk));
    out.put("register_request_body", HEX.formatHex(WireCodec.encodeRegistration(registration)));
    long epoch = Long.parseLong(in.get("request_timestamp")) / Long.parseLong(in.get("pow_seed_period_ms"));
    byte[] powSeed = ProofOfWork.seed(HEX.parseHex(in.get("pow_seed_key")), epoch);
    out.put("pow_seed_epoch", Long.toString(epoch));
    out.put("pow_seed", HEX.formatHex(powSeed));
    PowTarget registerTarget = new PowTarget(powSeed, Long.parseLong(in.get("register_pow_effort")));
    byte[] registerChallenge = ProofOfWork.registerChallenge(registerTarget, username, identityKey);
    PowSolver.Solution registerPow =
        new PowSolver(1).solveEffort(registerChallenge, registerTarget.effort(), done -> {}, () -> false);
    out.put("register_pow_challenge", HEX.formatHex(registerChallenge));
    out.put("register_pow_header", registerTarget.proof(registerPow.nonce()).header());
    out.put("register_pow_hash", HEX.formatHex(registerPow.hash()));

    byte[] body = WireCodec.encodeUpload(new PreKeyUpload(List.of(opk), Optional.empty(), Optional.empty()));
    byte[] requestSigned = SignedBytes.request(
        in.get("request_method"), in.get("request_path"), username, in.get("request_timestamp"), body);
    byte[] requestSignature = Ed25519.sign(seed, requestSigned);
    out.put("request_body", HEX.formatHex(body));
    out.put("request_signed_bytes", HEX.formatHex(requestSigned));
    out.put("request_signature", HEX.formatHex(requestSignature));
    out.put("request_signature_header", AuthHeaders.formatSignature(requestSignature));
    PowTarget writeTarget = new PowTarget(powSeed, Long.parseLong(in.get("write_pow_effort")));
    byte[] writeChallenge = ProofOfWork.writeChallenge(writeTarget, requestSigned);
    PowSolver.Solution writePow =
        new PowSolver(1).solveEffort(writeChallenge, writeTarget.effort(), done -> {}, () -> false);
    out.put("write_pow_challenge", HEX.formatHex(writeChallenge));
    out.put("write_pow_header", writeTarget.proof(writePow.nonce()).header());
    out.put("write_pow_hash", HEX.formatHex(writePow.hash()));
    return out;
  }

  private static String hexRange(int first, int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (first + i);
    }
    return HEX.formatHex(bytes);
  }

  /** Prints the vectors block of spec §11. */
  public static void main(String[] args) {
    compute(defaultInputs()).forEach((name, value) -> System.out.println(name + " = " + value));
  }
}

package io.rvnt.testsupport;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user as tests need one: real keys, a valid registration with any number of one-time prekeys, proofs of work
 * solved by brute force (tests use low difficulties), and the headers of signed requests (spec §5, §6).
 */
public final class TestIdentity {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String username;
  private final Ed25519.KeyPair identity;
  private final SignedPreKey signedPreKey;
  private final PqPreKey pqPreKey;

  private TestIdentity(String username) {
    this.username = username;
    this.identity = Ed25519.generate(RANDOM);
    this.signedPreKey = newSignedPreKey(1);
    this.pqPreKey = newPqPreKey(1);
  }

  public static TestIdentity create(String username) {
    return new TestIdentity(username);
  }

  public String username() {
    return username;
  }

  public byte[] identityKey() {
    return identity.publicKey();
  }

  public byte[] seed() {
    return identity.seed();
  }

  public SignedPreKey signedPreKey() {
    return signedPreKey;
  }

  public PqPreKey pqPreKey() {
    return pqPreKey;
  }

  public SignedPreKey newSignedPreKey(int id) {
    return SignedPreKey.sign(identity, id, X25519.generate(RANDOM).publicKey());
  }

  public PqPreKey newPqPreKey(int id) {
    return PqPreKey.sign(identity, id, MlKem768.generate(RANDOM).publicKey());
  }

  /** One-time prekeys with ids {@code firstId .. firstId + count - 1}. */
  public static List<OneTimePreKey> oneTimePreKeys(int firstId, int count) {
    List<OneTimePreKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(new OneTimePreKey(firstId + i, X25519.generate(RANDOM).publicKey()));
    }
    return keys;
  }

  public Registration registration(int oneTimePreKeys) {
    return new Registration(username, identityKey(), signedPreKey, pqPreKey, oneTimePreKeys(1, oneTimePreKeys));
  }

  public byte[] registrationBody(int oneTimePreKeys) {
    return WireCodec.encodeRegistration(registration(oneTimePreKeys));
  }

  /** The {@code X-RVNT-PoW} value for registering this user and key with the work {@code target} asks for. */
  public String registerPow(PowTarget target) {
    return solve(target, ProofOfWork.registerChallenge(target, username, identityKey()));
  }

  /**
   * A registration proof of work that is valid for this user and key but, by construction rather than by chance,
   * short of its effort for {@code other}'s challenge (for tests that work cannot be moved between users).
   */
  public String registerPowNotValidFor(TestIdentity other, PowTarget target) {
    byte[] mine = ProofOfWork.registerChallenge(target, username, identityKey());
    byte[] theirs = ProofOfWork.registerChallenge(target, other.username, other.identityKey());
    for (long nonce = 0; ; nonce++) {
      if (ProofOfWork.meetsEffort(ProofOfWork.hash(mine, nonce), target.effort())
          && !ProofOfWork.meetsEffort(ProofOfWork.hash(theirs, nonce), target.effort())) {
        return target.proof(nonce).header();
      }
    }
  }

  /**
   * The headers of a signed request (spec §5), with a write proof of work for {@code pow} when it is not null
   * (spec §6.3).
   */
  public Map<String, String> signedHeaders(String method, String path, long timestampMs, byte[] body,
      PowTarget pow) {
    String timestamp = AuthHeaders.formatTimestamp(timestampMs);
    byte[] signed = SignedBytes.request(method, path, username, timestamp, body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(Headers.USERNAME, username);
    headers.put(Headers.TIMESTAMP, timestamp);
    headers.put(Headers.SIGNATURE, AuthHeaders.formatSignature(Ed25519.sign(identity.seed(), signed)));
    if (pow != null) {
      headers.put(Headers.POW, solve(pow, ProofOfWork.writeChallenge(pow, signed)));
    }
    return headers;
  }

  /** The header for the first nonce from 0 that carries the target's effort: fine for the low efforts of tests. */
  public static String solve(PowTarget target, byte[] challenge) {
    for (long nonce = 0; ; nonce++) {
      if (ProofOfWork.meetsEffort(ProofOfWork.hash(challenge, nonce), target.effort())) {
        return target.proof(nonce).header();
      }
    }
  }

  /** The header for a nonce that falls short of the target's effort (for tests of POW_INSUFFICIENT). */
  public static String failingProof(PowTarget target, byte[] challenge) {
    for (long nonce = 0; ; nonce++) {
      if (!ProofOfWork.meetsEffort(ProofOfWork.hash(challenge, nonce), target.effort())) {
        return target.proof(nonce).header();
      }
    }
  }

  @Override
  public String toString() {
    return "TestIdentity[" + username + "]";
  }
}

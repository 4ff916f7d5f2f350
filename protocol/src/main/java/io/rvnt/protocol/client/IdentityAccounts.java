package io.rvnt.protocol.client;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.protocol.wire.ErrorCode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A user's account on an identity server, as the CLI and the console drive it: keys are generated here, written to
 * the {@link Keystore} before their public halves are sent (a crash after sending never loses a private key the
 * server hands out), and the server is asked through the {@link IdentityClient}.
 */
public final class IdentityAccounts {
  private static final int FIRST_ID = 1;
  /** Prekey ids are unsigned 32-bit (spec §4). */
  private static final long MAX_ID = 0xffffffffL;

  private final IdentityClient client;
  private final Keystore keystore;
  private final SecureRandom random;

  public IdentityAccounts(IdentityClient client, Keystore keystore, SecureRandom random) {
    this.client = client;
    this.keystore = keystore;
    this.random = random;
  }

  /** What a registration did: the identity key, and what the server acknowledged. */
  public record Registered(byte[] identityKey, long registeredAtMs, int oneTimePreKeyCount, boolean resumed) {
    public Registered {
      identityKey = identityKey.clone();
    }

    @Override
    public byte[] identityKey() {
      return identityKey.clone();
    }
  }

  /**
   * Generates a new identity with {@code oneTimePreKeys} one-time prekeys and registers it. When the keystore holds
   * an entry for this username already (an earlier attempt whose outcome was not seen), its keys are registered
   * again if the server does not know the name, and the call fails if it does. When the server refuses a new
   * registration, the new keystore entry is removed again.
   */
  public Registered register(String username, int oneTimePreKeys, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    ServerParameters params = client.params();
    if (oneTimePreKeys < 0 || oneTimePreKeys > params.maxPreKeysPerUpload()) {
      throw clientSide(ErrorCode.TOO_MANY_PREKEYS,
          "the server takes 0 to " + params.maxPreKeysPerUpload() + " one-time prekeys per upload");
    }
    if (keystore.contains(username)) {
      return resume(username, params, hashesDone);
    }
    Ed25519.KeyPair identity = Ed25519.generate(random);
    X25519.KeyPair signedPreKey = X25519.generate(random);
    MlKem768.KeyPair pqPreKey = MlKem768.generate(random);
    Map<Integer, X25519.KeyPair> oneTime = newOneTimePreKeys(FIRST_ID, oneTimePreKeys);
    keystore.create(username, identity);
    try {
      keystore.putSignedPreKey(username, FIRST_ID, signedPreKey);
      keystore.putPqPreKey(username, FIRST_ID, pqPreKey);
      keystore.putOneTimePreKeys(username, oneTime);
      Registration registration = new Registration(username, identity.publicKey(),
          SignedPreKey.sign(identity, FIRST_ID, signedPreKey.publicKey()),
          PqPreKey.sign(identity, FIRST_ID, pqPreKey.publicKey()), publicHalves(oneTime));
      IdentityClient.Registered done = client.register(registration, params.registerPow(), hashesDone);
      return new Registered(identity.publicKey(), done.registeredAtMs(), done.oneTimePreKeyCount(), false);
    } catch (IdentityClientException e) {
      // A refusal by the client or a 4xx is definite: nothing was registered and the new keys are worthless. After
      // a 5xx, as after no answer at all, the outcome is unknown and the keys stay for the next attempt (resume).
      if (e.status() < 500) {
        keystore.delete(username);
      }
      throw e;
    }
  }

  private Registered resume(String username, ServerParameters params, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    Ed25519.KeyPair identity = keystore.identity(username);
    try {
      client.preKeyCount(username, identity);
      throw clientSide(ErrorCode.USERNAME_TAKEN, "this username is already registered with the stored key");
    } catch (IdentityClientException e) {
      if (e.code() == ErrorCode.BAD_REQUEST_SIGNATURE) {
        throw clientSide(ErrorCode.USERNAME_TAKEN,
            "this username is registered with another identity key than the one in the keystore");
      }
      if (e.code() != ErrorCode.UNKNOWN_USER) {
        throw e;
      }
    }
    int signedId = keystore.currentSignedPreKeyId(username).orElseThrow(() -> incomplete(username));
    int pqId = keystore.currentPqPreKeyId(username).orElseThrow(() -> incomplete(username));
    Map<Integer, X25519.KeyPair> oneTime = new LinkedHashMap<>();
    for (int id : keystore.oneTimePreKeyIds(username)) {
      if (oneTime.size() == params.maxPreKeysPerUpload()) {
        break;
      }
      oneTime.put(id, keystore.oneTimePreKey(username, id));
    }
    Registration registration = new Registration(username, identity.publicKey(),
        SignedPreKey.sign(identity, signedId, keystore.signedPreKey(username, signedId).publicKey()),
        PqPreKey.sign(identity, pqId, keystore.pqPreKey(username, pqId).publicKey()), publicHalves(oneTime));
    IdentityClient.Registered done = client.register(registration, params.registerPow(), hashesDone);
    return new Registered(identity.publicKey(), done.registeredAtMs(), done.oneTimePreKeyCount(), true);
  }

  /** Fetches and verifies someone's bundle; consumes one of their one-time prekeys on the server. */
  public PublicBundle bundle(String username) throws IOException, InterruptedException, IdentityClientException {
    return client.fetchBundle(username);
  }

  /** The one-time prekeys the server still holds for this (local) user. */
  public int count(String username) throws IOException, InterruptedException, IdentityClientException {
    return client.preKeyCount(username, keystore.identity(username));
  }

  /**
   * Generates {@code count} new one-time prekeys (ids after the highest stored locally) and, with {@code rotate},
   * a new signed prekey and PQ prekey; stores them, then uploads them. Returns the server's count afterwards.
   */
  public int addPreKeys(String username, int count, boolean rotate, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    ServerParameters params = client.params();
    if (count < 0 || count > params.maxPreKeysPerUpload()) {
      throw clientSide(ErrorCode.TOO_MANY_PREKEYS,
          "the server takes 0 to " + params.maxPreKeysPerUpload() + " one-time prekeys per upload");
    }
    if (count == 0 && !rotate) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "nothing to upload: add prekeys or rotate");
    }
    Ed25519.KeyPair identity = keystore.identity(username);
    List<Integer> ids = keystore.oneTimePreKeyIds(username);
    long next = ids.isEmpty() ? FIRST_ID : Integer.toUnsignedLong(ids.get(ids.size() - 1)) + 1;
    if (next + count - 1 > MAX_ID) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "one-time prekey ids are exhausted for this user");
    }
    Map<Integer, X25519.KeyPair> oneTime = newOneTimePreKeys((int) next, count);
    Optional<SignedPreKey> signedPreKey = Optional.empty();
    Optional<PqPreKey> pqPreKey = Optional.empty();
    if (rotate) {
      int signedId = keystore.currentSignedPreKeyId(username).orElseThrow(() -> incomplete(username)) + 1;
      int pqId = keystore.currentPqPreKeyId(username).orElseThrow(() -> incomplete(username)) + 1;
      X25519.KeyPair newSigned = X25519.generate(random);
      MlKem768.KeyPair newPq = MlKem768.generate(random);
      keystore.putSignedPreKey(username, signedId, newSigned);
      keystore.putPqPreKey(username, pqId, newPq);
      signedPreKey = Optional.of(SignedPreKey.sign(identity, signedId, newSigned.publicKey()));
      pqPreKey = Optional.of(PqPreKey.sign(identity, pqId, newPq.publicKey()));
    }
    keystore.putOneTimePreKeys(username, oneTime);
    PreKeyUpload upload = new PreKeyUpload(publicHalves(oneTime), signedPreKey, pqPreKey);
    return client.uploadPreKeys(username, identity, upload, params.writePow(), hashesDone);
  }

  /** Deletes the account on the server, then, once the server confirmed, the keystore entry. */
  public void delete(String username, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    ServerParameters params = client.params();
    Ed25519.KeyPair identity = keystore.identity(username);
    if (!client.delete(username, identity, params.writePow(), hashesDone)) {
      throw clientSide(ErrorCode.ERROR_CODE_UNSPECIFIED, "the server did not confirm the deletion");
    }
    keystore.delete(username);
  }

  private Map<Integer, X25519.KeyPair> newOneTimePreKeys(int firstId, int count) {
    Map<Integer, X25519.KeyPair> keys = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      keys.put(firstId + i, X25519.generate(random));
    }
    return keys;
  }

  private static List<OneTimePreKey> publicHalves(Map<Integer, X25519.KeyPair> keyPairs) {
    List<OneTimePreKey> keys = new ArrayList<>(keyPairs.size());
    keyPairs.forEach((id, pair) -> keys.add(new OneTimePreKey(id, pair.publicKey())));
    return keys;
  }

  private static IOException incomplete(String username) {
    return new IOException("the keystore entry is incomplete (no current signed or PQ prekey)");
  }

  private static IdentityClientException clientSide(ErrorCode code, String message) {
    return new IdentityClientException(code, IdentityClientException.CLIENT_SIDE, message);
  }
}

package io.rvnt.server.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.identity.KeyChecks;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.ProtocolException;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.Usernames;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.StoredBundle;
import io.rvnt.protocol.wire.StoredMeta;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.PreKeyUpdate;
import io.rvnt.server.store.StoreException;
import io.rvnt.server.store.StoredPreKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The rules of the identity protocol (spec §3–§7): registration, bundle fetch, signed requests, prekey upload and
 * rotation, count and deletion. It decodes request bodies with the protocol module's {@link WireCodec}, checks them
 * with {@link KeyChecks}, and writes through an {@link IdentityStore}. Every refusal is an {@link IdentityException}
 * thrown before anything is written. Blocking (crypto, store): call it from worker threads. Thread-safe.
 */
public final class IdentityService {
  private static final int LOCK_STRIPES = 1024;

  private final IdentityStore store;
  private final Clock clock;
  private final IdentityLimits limits;
  private final LongSupplier freeDiskBytes;
  private final ReplayCache replays;
  private final UserLocks locks = new UserLocks(LOCK_STRIPES);

  /**
   * @param freeDiskBytes usable bytes on the data directory's file system, checked before each registration
   * @param replayCacheCapacity entries of the replay cache (spec §5, default 262 144)
   */
  public IdentityService(
      IdentityStore store, Clock clock, IdentityLimits limits, LongSupplier freeDiskBytes, int replayCacheCapacity) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.freeDiskBytes = freeDiskBytes;
    this.replays = new ReplayCache(clock, limits.timestampWindow(), replayCacheCapacity);
  }

  public IdentityLimits limits() {
    return limits;
  }

  /** Spec §7.1 in the order of §7.0: checks everything, then stores the four families in one synced write. */
  public Registered register(byte[] body, String powHeader) throws IdentityException {
    // Spec §7.0: decode, username, identity key, then the work, and only then any signature is verified.
    Registration registration;
    try {
      registration = WireCodec.decodeRegistration(body);
      KeyChecks.checkRegistrationIdentity(registration);
    } catch (ProtocolException e) {
      throw IdentityException.of(e);
    }
    String username = registration.username();
    byte[] powHash =
        checkPow(
            ProofOfWork.registerChallenge(username, registration.identityKey()),
            powHeader,
            limits.registerPowBits());
    try {
      KeyChecks.checkRegistrationKeys(registration, limits.maxPrekeysPerUpload());
    } catch (ProtocolException e) {
      throw IdentityException.of(e);
    }
    if (freeDiskBytes.getAsLong() < limits.minFreeDiskBytes()) {
      throw new IdentityException(
          ErrorCode.INSUFFICIENT_STORAGE, "the server is short of disk space and accepts no registration now");
    }
    long now = clock.millis();
    List<StoredPreKey> oneTimePreKeys = new ArrayList<>(registration.oneTimePreKeys().size());
    for (OneTimePreKey key : registration.oneTimePreKeys()) {
      oneTimePreKeys.add(new StoredPreKey(key.id(), key.publicKey()));
    }
    StoredBundle bundle =
        StoredBundle.newBuilder()
            .setIdentityKey(ByteString.copyFrom(registration.identityKey()))
            .setSignedPrekey(WireCodec.toProto(registration.signedPreKey()))
            .setPqPrekey(WireCodec.toProto(registration.pqPreKey()))
            .build();
    byte[] meta = StoredMeta.newBuilder().setRegisteredAtMs(now).setLastPrekeyUpdateMs(now).build().toByteArray();
    ReentrantLock lock = locks.of(username);
    lock.lock();
    try {
      if (!store.register(username, new NewUser(bundle.toByteArray(), oneTimePreKeys, powHash, meta))) {
        throw new IdentityException(ErrorCode.USERNAME_TAKEN, "the username is taken");
      }
    } finally {
      lock.unlock();
    }
    return new Registered(now, oneTimePreKeys.size());
  }

  /**
   * Spec §7.2: the public bundle with the one-time prekey of lowest id, which is deleted durably before this
   * returns; without one when none is left, or when the full disk cannot record its deletion.
   */
  public PublicBundle fetchBundle(String username) throws IdentityException {
    if (!Usernames.isValid(username)) {
      throw new IdentityException(ErrorCode.INVALID_USERNAME, "username must match ^[a-z][a-z0-9_]{2,31}$");
    }
    StoredBundle bundle = storedBundle(username);
    Optional<OneTimePreKey> oneTimePreKey;
    try {
      oneTimePreKey =
          store.takeOneTimePreKey(username).map(key -> new OneTimePreKey(key.id(), key.publicKey()));
    } catch (StoreException e) {
      if (!e.diskFull()) {
        throw e;
      }
      // A full disk cannot record that a prekey was handed out: the bundle goes without one, as when none is left,
      // and the prekey stays for a later fetch.
      oneTimePreKey = Optional.empty();
    }
    return new PublicBundle(
        username,
        bundle.getIdentityKey().toByteArray(),
        WireCodec.fromProto(bundle.getSignedPrekey()),
        WireCodec.fromProto(bundle.getPqPrekey()),
        oneTimePreKey);
  }

  /** Spec §7.3: adds one-time prekeys and/or rotates the signed and PQ prekeys; returns the count after. */
  public int uploadPreKeys(SignedRequest request) throws IdentityException {
    StoredBundle stored = authenticate(request, true);
    PreKeyUpload upload;
    try {
      upload = WireCodec.decodeUpload(request.body());
      KeyChecks.checkUpload(stored.getIdentityKey().toByteArray(), upload, limits.maxPrekeysPerUpload());
    } catch (ProtocolException e) {
      throw IdentityException.of(e);
    }
    String username = request.username();
    ReentrantLock lock = locks.of(username);
    lock.lock();
    try {
      // Spec §7.0 step 7: the count after the upload, then the ids already stored.
      List<Integer> storedIds = store.oneTimePreKeyIds(username);
      if (storedIds.size() + upload.oneTimePreKeys().size() > limits.maxStoredPrekeys()) {
        throw new IdentityException(
            ErrorCode.TOO_MANY_PREKEYS, "at most " + limits.maxStoredPrekeys() + " one-time prekeys are stored");
      }
      Set<Integer> ids = new HashSet<>(storedIds);
      List<StoredPreKey> added = new ArrayList<>(upload.oneTimePreKeys().size());
      for (OneTimePreKey key : upload.oneTimePreKeys()) {
        if (ids.contains(key.id())) {
          throw new IdentityException(ErrorCode.DUPLICATE_PREKEY_ID, "a one-time prekey id is already stored");
        }
        added.add(new StoredPreKey(key.id(), key.publicKey()));
      }
      // Re-read under the lock: a concurrent rotation must not be undone by this one.
      StoredBundle current = sameOwner(username, stored);
      Optional<byte[]> rotated = Optional.empty();
      if (upload.signedPreKey().isPresent() || upload.pqPreKey().isPresent()) {
        StoredBundle.Builder builder = current.toBuilder();
        upload.signedPreKey().ifPresent(key -> builder.setSignedPrekey(WireCodec.toProto(key)));
        upload.pqPreKey().ifPresent(key -> builder.setPqPrekey(WireCodec.toProto(key)));
        rotated = Optional.of(builder.build().toByteArray());
      }
      StoredMeta meta = storedMeta(username).toBuilder().setLastPrekeyUpdateMs(clock.millis()).build();
      if (!store.update(username, new PreKeyUpdate(added, rotated, meta.toByteArray()))) {
        throw new IdentityException(ErrorCode.UNKNOWN_USER, "no such user");
      }
      return storedIds.size() + added.size();
    } finally {
      lock.unlock();
    }
  }

  /** Spec §7.4: the owner's count of stored one-time prekeys. */
  public int preKeyCount(SignedRequest request) throws IdentityException {
    authenticate(request, false);
    return store.oneTimePreKeyCount(request.username());
  }

  /** Spec §7.5: removes all four families of the user in one synced write. */
  public void delete(SignedRequest request) throws IdentityException {
    StoredBundle stored = authenticate(request, true);
    ReentrantLock lock = locks.of(request.username());
    lock.lock();
    try {
      sameOwner(request.username(), stored);
      if (!store.delete(request.username())) {
        throw new IdentityException(ErrorCode.UNKNOWN_USER, "no such user");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Spec §5, steps 1–6 in order; returns the user's stored bundle. */
  private StoredBundle authenticate(SignedRequest request, boolean needsPow) throws IdentityException {
    OptionalLong timestamp = AuthHeaders.parseTimestamp(request.timestamp());
    Optional<byte[]> signature = AuthHeaders.parseSignature(request.signature());
    if (request.username() == null
        || !Usernames.isValid(request.username())
        || timestamp.isEmpty()
        || signature.isEmpty()) {
      throw new IdentityException(
          ErrorCode.AUTH_MISSING, "X-RVNT-Username, X-RVNT-Timestamp and X-RVNT-Signature are required");
    }
    long skew = Math.abs(clock.millis() - timestamp.getAsLong());
    if (skew > limits.timestampWindow().toMillis()) {
      throw new IdentityException(ErrorCode.STALE_TIMESTAMP, "the timestamp is outside the server's window");
    }
    StoredBundle stored = storedBundle(request.username());
    byte[] signedBytes =
        SignedBytes.request(
            request.method(), request.path(), request.username(), request.timestamp(), request.body());
    if (needsPow) {
      checkPow(ProofOfWork.writeChallenge(signedBytes), request.pow(), limits.writePowBits());
    }
    if (!Ed25519.verify(stored.getIdentityKey().toByteArray(), signedBytes, signature.get())) {
      throw new IdentityException(ErrorCode.BAD_REQUEST_SIGNATURE, "the request signature does not verify");
    }
    if (!replays.remember(sha256(signedBytes))) {
      throw new IdentityException(ErrorCode.REPLAYED_REQUEST, "this signed request was already received");
    }
    return stored;
  }

  /**
   * Under the user's lock: the stored bundle, provided the name still belongs to the identity key the request was
   * authenticated with. Between authentication and the lock the account may have been deleted and the name
   * registered again by someone else; their account must not be touched with the old key's request.
   */
  private StoredBundle sameOwner(String username, StoredBundle authenticated) throws IdentityException {
    StoredBundle current = storedBundle(username);
    if (!current.getIdentityKey().equals(authenticated.getIdentityKey())) {
      throw new IdentityException(ErrorCode.UNKNOWN_USER, "no such user");
    }
    return current;
  }

  /** Returns the proof-of-work hash when {@code header} carries enough work for {@code challenge}. */
  private static byte[] checkPow(byte[] challenge, String header, int bits) throws IdentityException {
    OptionalLong nonce = ProofOfWork.parseNonce(header);
    if (nonce.isEmpty()) {
      throw IdentityException.pow(
          ErrorCode.POW_MISSING, "X-RVNT-PoW must carry the nonce as 16 lowercase hex digits", bits);
    }
    byte[] hash = ProofOfWork.hash(challenge, nonce.getAsLong());
    if (!ProofOfWork.meets(hash, bits)) {
      throw IdentityException.pow(
          ErrorCode.POW_INSUFFICIENT, "the proof of work has too few leading zero bits", bits);
    }
    return hash;
  }

  private StoredBundle storedBundle(String username) throws IdentityException {
    byte[] bytes =
        store.bundle(username).orElseThrow(() -> new IdentityException(ErrorCode.UNKNOWN_USER, "no such user"));
    try {
      return StoredBundle.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a stored bundle does not parse");
    }
  }

  private StoredMeta storedMeta(String username) {
    try {
      return store.meta(username).isPresent()
          ? StoredMeta.parseFrom(store.meta(username).get())
          : StoredMeta.getDefaultInstance();
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("stored meta does not parse");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }
}

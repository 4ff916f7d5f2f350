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
import io.rvnt.protocol.pow.PowProof;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.StoredBundle;
import io.rvnt.protocol.wire.StoredMeta;
import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Ledger;
import io.rvnt.server.ledger.LedgerUnavailableException;
import io.rvnt.server.ledger.Outcome;
import io.rvnt.server.pow.AdaptivePow;
import io.rvnt.server.pow.SeedSchedule;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.StoreException;
import io.rvnt.server.store.StoredPreKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The rules of the identity protocol (spec §3–§7): registration, bundle fetch, signed requests, prekey upload and
 * rotation, count and deletion. It checks what needs no agreement, in the spec's order (decoding with the protocol
 * module's {@link WireCodec}, {@link KeyChecks}, proof of work, timestamps, signatures against the local store),
 * then sends a {@link Command} to the {@link Ledger}, where {@code StateRules} decides the rest (username taken,
 * which one-time prekey, replay, stored counts). Every refusal is an {@link IdentityException}, given before
 * anything about the user is written. The futures complete once the command is applied; they fail with an
 * {@link IdentityException} (wrapped in a {@link CompletionException}) when refused. Blocking (crypto, store): call
 * it from worker threads. Thread-safe.
 */
public final class IdentityService {
  private final IdentityStore store;
  private final Ledger ledger;
  private final Clock clock;
  private final IdentityLimits limits;
  private final LongSupplier freeDiskBytes;
  private final int replayCapacity;
  private final AdaptivePow pow;

  /**
   * @param store the local store, read to authenticate signed requests (on a cluster member: its copy)
   * @param freeDiskBytes usable bytes on the data directory's file system, checked before each registration
   * @param replayCapacity requests the replay memory holds (spec §5, default 262 144)
   * @param pow the seeds and suggested efforts of the proof of work (spec §6.4–§6.6)
   */
  public IdentityService(IdentityStore store, Ledger ledger, Clock clock, IdentityLimits limits,
      LongSupplier freeDiskBytes, int replayCapacity, AdaptivePow pow) {
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
    this.limits = limits;
    this.freeDiskBytes = freeDiskBytes;
    this.replayCapacity = replayCapacity;
    this.pow = pow;
  }

  public IdentityLimits limits() {
    return limits;
  }

  public AdaptivePow pow() {
    return pow;
  }

  /**
   * A registration's place in the proof-of-work queue (spec §6.6): its effort in floors when its proof verifies
   * now, else 0. Never refuses: whatever is wrong is answered, in the spec's order, when the request is served.
   */
  public double registerPriority(byte[] body, String powHeader) {
    try {
      Registration registration = WireCodec.decodeRegistration(body);
      return priority(AdaptivePow.Kind.REGISTER, powHeader,
          target -> ProofOfWork.registerChallenge(target, registration.username(), registration.identityKey()));
    } catch (ProtocolException | RuntimeException e) {
      return 0;
    }
  }

  /** As {@link #registerPriority} for a signed write (spec §6.3). */
  public double writePriority(SignedRequest request) {
    if (request.username() == null || request.timestamp() == null) {
      return 0;
    }
    try {
      byte[] signedBytes = SignedBytes.request(request.method(), request.path(), request.username(),
          request.timestamp(), request.body());
      return priority(AdaptivePow.Kind.WRITE, request.pow(), target -> ProofOfWork.writeChallenge(target, signedBytes));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private double priority(AdaptivePow.Kind kind, String header, Function<PowTarget, byte[]> challenge) {
    try {
      checkPow(kind, header, challenge);
      return pow.priority(kind, PowProof.parse(header).orElseThrow().effort());
    } catch (IdentityException e) {
      return 0;
    }
  }

  /** Spec §6.6: the answer to a request the proof-of-work queue dropped, naming what to solve for now. */
  public IdentityException busy(AdaptivePow.Kind kind) {
    return IdentityException.busy("the server is busy: retry at the suggested proof-of-work effort",
        bits(kind), pow.target(kind));
  }

  private int bits(AdaptivePow.Kind kind) {
    return kind == AdaptivePow.Kind.REGISTER ? limits.registerPowBits() : limits.writePowBits();
  }

  /** Spec §7.1 in the order of §7.0: checks everything, then the ledger stores the four families in one write. */
  public CompletableFuture<Registered> register(byte[] body, String powHeader) {
    try {
      return submit(registration(body, powHeader), Outcome.Registered.class)
          .thenApply(r -> new Registered(r.registeredAtMs(), r.oneTimePreKeyCount()));
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Command.Register registration(byte[] body, String powHeader) throws IdentityException {
    // Spec §7.0: decode, username, identity key, then the work, and only then any signature is verified.
    Registration registration;
    try {
      registration = WireCodec.decodeRegistration(body);
      KeyChecks.checkRegistrationIdentity(registration);
    } catch (ProtocolException e) {
      throw IdentityException.of(e);
    }
    String username = registration.username();
    byte[] powHash = checkPow(AdaptivePow.Kind.REGISTER, powHeader,
        target -> ProofOfWork.registerChallenge(target, username, registration.identityKey()));
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
    StoredBundle bundle =
        StoredBundle.newBuilder()
            .setIdentityKey(ByteString.copyFrom(registration.identityKey()))
            .setSignedPrekey(WireCodec.toProto(registration.signedPreKey()))
            .setPqPrekey(WireCodec.toProto(registration.pqPreKey()))
            .build();
    byte[] meta = StoredMeta.newBuilder().setRegisteredAtMs(now).setLastPrekeyUpdateMs(now).build().toByteArray();
    return new Command.Register(username,
        new NewUser(bundle.toByteArray(), storedPreKeys(registration.oneTimePreKeys()), powHash, meta));
  }

  /**
   * Spec §7.2: the public bundle with the one-time prekey of lowest id, which is deleted durably before this
   * completes; without one when none is left, or when the full disk cannot record its deletion (the prekey then
   * stays for a later fetch).
   */
  public CompletableFuture<PublicBundle> fetchBundle(String username) {
    if (!Usernames.isValid(username)) {
      return CompletableFuture.failedFuture(
          new IdentityException(ErrorCode.INVALID_USERNAME, "username must match ^[a-z][a-z0-9_]{2,31}$"));
    }
    return submit(new Command.TakePreKey(username), Outcome.Bundle.class)
        .thenApply(taken -> publicBundle(username, taken.storedBundle(), taken.oneTimePreKey()))
        .exceptionallyCompose(failure -> diskFull(failure)
            ? CompletableFuture.supplyAsync(() -> withoutPreKey(username), Runnable::run)
            : CompletableFuture.failedFuture(failure));
  }

  private PublicBundle withoutPreKey(String username) {
    try {
      byte[] stored = freshBundle(username)
          .orElseThrow(() -> new IdentityException(ErrorCode.UNKNOWN_USER, "no such user"));
      return publicBundle(username, stored, Optional.empty());
    } catch (IdentityException e) {
      throw new CompletionException(e);
    }
  }

  private PublicBundle publicBundle(String username, byte[] stored, Optional<StoredPreKey> oneTimePreKey) {
    StoredBundle bundle = parseBundle(stored);
    return new PublicBundle(
        username,
        bundle.getIdentityKey().toByteArray(),
        WireCodec.fromProto(bundle.getSignedPrekey()),
        WireCodec.fromProto(bundle.getPqPrekey()),
        oneTimePreKey.map(key -> new OneTimePreKey(key.id(), key.publicKey())));
  }

  private static boolean diskFull(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    return cause instanceof StoreException e && e.diskFull();
  }

  /** Spec §7.3: adds one-time prekeys and/or rotates the signed and PQ prekeys; completes with the count after. */
  public CompletableFuture<Integer> uploadPreKeys(SignedRequest request) {
    try {
      Command.Owner owner = authenticate(request, true);
      PreKeyUpload upload;
      try {
        upload = WireCodec.decodeUpload(request.body());
        KeyChecks.checkUpload(owner.identityKey(), upload, limits.maxPrekeysPerUpload());
      } catch (ProtocolException e) {
        throw IdentityException.of(e);
      }
      Command.Upload command = new Command.Upload(owner, storedPreKeys(upload.oneTimePreKeys()),
          upload.signedPreKey(), upload.pqPreKey(), limits.maxStoredPrekeys());
      return submit(command, Outcome.Count.class).thenApply(Outcome.Count::oneTimePreKeys);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Spec §7.4: the owner's count of stored one-time prekeys. */
  public CompletableFuture<Integer> preKeyCount(SignedRequest request) {
    try {
      return submit(new Command.Count(authenticate(request, false)), Outcome.Count.class)
          .thenApply(Outcome.Count::oneTimePreKeys);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Spec §7.5: removes all four families of the user in one write. */
  public CompletableFuture<Void> delete(SignedRequest request) {
    try {
      return submit(new Command.Delete(authenticate(request, true)), Outcome.Deleted.class)
          .thenApply(deleted -> null);
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Spec §5, steps 1–5 in order, against the local store; step 6 (replay) is the ledger's, so the command carries
   * the digest. A cluster member's copy may lag: before it refuses for an unknown user or a signature that does not
   * verify, it reads the user again as of every acknowledged write.
   */
  private Command.Owner authenticate(SignedRequest request, boolean needsPow) throws IdentityException {
    OptionalLong timestamp = AuthHeaders.parseTimestamp(request.timestamp());
    Optional<byte[]> signature = AuthHeaders.parseSignature(request.signature());
    if (request.username() == null
        || !Usernames.isValid(request.username())
        || timestamp.isEmpty()
        || signature.isEmpty()) {
      throw new IdentityException(
          ErrorCode.AUTH_MISSING, "X-RVNT-Username, X-RVNT-Timestamp and X-RVNT-Signature are required");
    }
    long now = clock.millis();
    if (Math.abs(now - timestamp.getAsLong()) > limits.timestampWindow().toMillis()) {
      throw new IdentityException(ErrorCode.STALE_TIMESTAMP, "the timestamp is outside the server's window");
    }
    String username = request.username();
    Optional<byte[]> stored = store.bundle(username);
    boolean fresh = !ledger.mayLag();
    if (stored.isEmpty() && !fresh) {
      stored = freshBundle(username);
      fresh = true;
    }
    if (stored.isEmpty()) {
      throw new IdentityException(ErrorCode.UNKNOWN_USER, "no such user");
    }
    byte[] signedBytes =
        SignedBytes.request(request.method(), request.path(), username, request.timestamp(), request.body());
    if (needsPow) {
      checkPow(AdaptivePow.Kind.WRITE, request.pow(), target -> ProofOfWork.writeChallenge(target, signedBytes));
    }
    byte[] identityKey = parseBundle(stored.get()).getIdentityKey().toByteArray();
    boolean verified = Ed25519.verify(identityKey, signedBytes, signature.get());
    if (!verified && !fresh) {
      // The name may have changed hands here before this copy heard of it.
      Optional<byte[]> again = freshBundle(username);
      if (again.isEmpty()) {
        throw new IdentityException(ErrorCode.UNKNOWN_USER, "no such user");
      }
      identityKey = parseBundle(again.get()).getIdentityKey().toByteArray();
      verified = Ed25519.verify(identityKey, signedBytes, signature.get());
    }
    if (!verified) {
      throw new IdentityException(ErrorCode.BAD_REQUEST_SIGNATURE, "the request signature does not verify");
    }
    ReplayEntry replay = new ReplayEntry(
        Arrays.copyOf(sha256(signedBytes), ReplayEntry.DIGEST_BYTES), now + limits.timestampWindow().toMillis() * 2);
    return new Command.Owner(username, identityKey, new Command.ReplayGuard(replay, now, replayCapacity));
  }

  private Optional<byte[]> freshBundle(String username) throws IdentityException {
    try {
      return ledger.freshBundle(username);
    } catch (LedgerUnavailableException e) {
      throw IdentityException.unavailable(e.getMessage(), e.retryAfterSeconds());
    }
  }

  /**
   * The command's outcome as {@code type}; a refusal, or a ledger that cannot answer, as an
   * {@link IdentityException} wrapped in a {@link CompletionException}.
   */
  private <T extends Outcome> CompletableFuture<T> submit(Command command, Class<T> type) {
    return ledger.submit(command).handle((outcome, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof LedgerUnavailableException unavailable) {
          throw new CompletionException(
              IdentityException.unavailable(unavailable.getMessage(), unavailable.retryAfterSeconds()));
        }
        throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
      }
      if (outcome instanceof Outcome.Refused refused) {
        throw new CompletionException(IdentityException.refused(refused));
      }
      if (!type.isInstance(outcome)) {
        throw new AssertionError("a " + command + " gives a " + type.getSimpleName() + ", not " + outcome);
      }
      return type.cast(outcome);
    });
  }

  private static List<StoredPreKey> storedPreKeys(List<OneTimePreKey> keys) {
    List<StoredPreKey> stored = new ArrayList<>(keys.size());
    for (OneTimePreKey key : keys) {
      stored.add(new StoredPreKey(key.id(), key.publicKey()));
    }
    return stored;
  }

  /**
   * Spec §6.1 and §6.4–§6.6, in that order: the header's form, its seed, its effort against the suggested one, then
   * the work for the challenge of the header's seed and effort. Returns the proof-of-work hash.
   */
  private byte[] checkPow(AdaptivePow.Kind kind, String header, Function<PowTarget, byte[]> challenge)
      throws IdentityException {
    Optional<PowProof> parsed = PowProof.parse(header);
    if (parsed.isEmpty()) {
      throw powRefusal(kind, ErrorCode.POW_MISSING,
          "X-RVNT-PoW must be SEED:EFFORT:NONCE (rvnt-identity/2, spec 6.1): fetch GET /v1/params");
    }
    PowProof proof = parsed.get();
    SeedSchedule.Check seed = pow.seeds().check(proof.seed());
    if (seed == SeedSchedule.Check.EXPIRED) {
      throw powRefusal(kind, ErrorCode.POW_SEED_EXPIRED, "the proof of work's seed has expired: solve for this one");
    }
    if (seed == SeedSchedule.Check.UNKNOWN) {
      throw powRefusal(kind, ErrorCode.POW_SEED_EXPIRED,
          "the proof of work's seed is not one this service issued: solve for this one");
    }
    if (proof.effort() < pow.acceptFloor(kind)) {
      throw powRefusal(kind, ErrorCode.POW_INSUFFICIENT,
          "the proof of work's effort is below the suggested effort");
    }
    byte[] hash = ProofOfWork.hash(challenge.apply(new PowTarget(proof.seed(), proof.effort())), proof.nonce());
    if (!ProofOfWork.meetsEffort(hash, proof.effort())) {
      throw powRefusal(kind, ErrorCode.POW_INSUFFICIENT, "the proof of work does not carry the effort it bids");
    }
    return hash;
  }

  private IdentityException powRefusal(AdaptivePow.Kind kind, ErrorCode code, String message) {
    return IdentityException.pow(code, message, bits(kind), pow.target(kind));
  }

  private static StoredBundle parseBundle(byte[] bytes) {
    try {
      return StoredBundle.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a stored bundle does not parse");
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

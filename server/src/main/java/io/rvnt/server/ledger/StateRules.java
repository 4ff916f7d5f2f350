package io.rvnt.server.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.StoredBundle;
import io.rvnt.protocol.wire.StoredMeta;
import io.rvnt.server.store.AppliedIndex;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.ReplaySweep;
import io.rvnt.server.store.StoreBatch;
import io.rvnt.server.store.StoreException;
import io.rvnt.server.store.StoredPreKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The identity rules that need the store's state, decided the same way wherever they run: whether a username is
 * taken (spec §7.1), which one-time prekey a fetch takes (§7.2), whether a signed request is a replay (§5 step 6),
 * whether an upload fits the stored count and ids (§7.0 step 7, §7.3), and whether the name still belongs to the key
 * a request was authenticated with. Each command is read against the store and written back as one
 * {@link StoreBatch}; nothing here reads a clock, a configuration or anything else that could differ between two
 * members applying the same log. Not thread-safe: the caller applies commands on one user, and commands that touch
 * the replay memory, one at a time.
 */
public final class StateRules {
  private final IdentityStore store;

  public StateRules(IdentityStore store) {
    this.store = store;
  }

  /**
   * Applies {@code command}: decides its outcome and writes what it changes, with {@code position} when it is a log
   * entry, in one atomic write. A refusal may still write (the replay memory, the position), never user data.
   */
  public Outcome apply(Command command, Optional<AppliedIndex> position) {
    StoreBatch batch = new StoreBatch();
    Outcome outcome;
    if (command instanceof Command.Register register) {
      outcome = register(register, batch);
    } else if (command instanceof Command.TakePreKey take) {
      outcome = take(take, batch);
    } else if (command instanceof Command.Upload upload) {
      outcome = owned(upload.owner(), batch, bundle -> upload(upload, bundle, batch));
    } else if (command instanceof Command.Count count) {
      outcome = owned(count.owner(), batch,
          bundle -> new Outcome.Count(store.oneTimePreKeyCount(count.username())));
    } else if (command instanceof Command.Delete delete) {
      outcome = owned(delete.owner(), batch, bundle -> {
        batch.deleteUser(delete.username());
        return new Outcome.Deleted();
      });
    } else {
      throw new AssertionError("every command is handled: " + command);
    }
    position.ifPresent(batch::applied);
    if (!batch.isEmpty()) {
      store.write(batch);
    }
    return outcome;
  }

  private Outcome register(Command.Register register, StoreBatch batch) {
    if (store.bundle(register.username()).isPresent()) {
      return Outcome.Refused.of(ErrorCode.USERNAME_TAKEN, "the username is taken");
    }
    batch.putUser(register.username(), register.user());
    return new Outcome.Registered(parseMeta(register.user().storedMeta()).getRegisteredAtMs(),
        register.user().oneTimePreKeys().size());
  }

  private Outcome take(Command.TakePreKey take, StoreBatch batch) {
    Optional<byte[]> bundle = store.bundle(take.username());
    if (bundle.isEmpty()) {
      return Outcome.Refused.of(ErrorCode.UNKNOWN_USER, "no such user");
    }
    // The lowest id, deleted in this write: the answer carries it only once the deletion is written.
    Optional<StoredPreKey> preKey = store.firstOneTimePreKey(take.username());
    preKey.ifPresent(key -> batch.deleteOneTimePreKey(take.username(), key.id()));
    return new Outcome.Bundle(bundle.get(), preKey);
  }

  /** What a signed request does once it is known to be its owner's and new. */
  private interface OwnedAction {
    Outcome apply(StoredBundle bundle);
  }

  /** Spec §5: the owner is unchanged (else as if unknown), then step 6, then {@code action}. */
  private Outcome owned(Command.Owner owner, StoreBatch batch, OwnedAction action) {
    Optional<byte[]> stored = store.bundle(owner.username());
    StoredBundle bundle = stored.isPresent() ? parseBundle(stored.get()) : null;
    if (bundle == null || !bundle.getIdentityKey().equals(ByteString.copyFrom(owner.identityKey()))) {
      // Deleted, or deleted and registered again by someone else, since the request was authenticated.
      return Outcome.Refused.of(ErrorCode.UNKNOWN_USER, "no such user");
    }
    Outcome.Refused replay = remember(owner.replay(), batch);
    return replay != null ? replay : action.apply(bundle);
  }

  /**
   * Spec §5 step 6: refuses a digest remembered and live; forgets those whose time is up; refuses (UNAVAILABLE)
   * rather than forgets a live one when the memory is full; else remembers the request. Null when it may proceed.
   */
  private Outcome.Refused remember(Command.ReplayGuard guard, StoreBatch batch) {
    ReplayEntry entry = guard.entry();
    OptionalLong remembered = store.replayExpiry(entry.digest());
    if (remembered.isPresent() && remembered.getAsLong() > guard.nowMs()) {
      return Outcome.Refused.of(ErrorCode.REPLAYED_REQUEST, "this signed request was already received");
    }
    ReplaySweep sweep = store.replaySweep(guard.nowMs());
    sweep.expired().forEach(batch::deleteReplay);
    long live = store.replayCount() - sweep.expired().size();
    if (live >= guard.capacity()) {
      long eldest = sweep.eldestLiveExpiry().orElse(guard.nowMs());
      return new Outcome.Refused(ErrorCode.UNAVAILABLE, "the server is busy with signed requests, try again later",
          Math.max(1, (eldest - guard.nowMs() + 999) / 1000));
    }
    batch.putReplay(entry);
    return null;
  }

  /** Spec §7.3 and §7.0 step 7: the count after the upload, then the ids already stored. */
  private Outcome upload(Command.Upload upload, StoredBundle current, StoreBatch batch) {
    String username = upload.username();
    List<Integer> storedIds = store.oneTimePreKeyIds(username);
    if (storedIds.size() + upload.added().size() > upload.maxStoredPreKeys()) {
      return Outcome.Refused.of(ErrorCode.TOO_MANY_PREKEYS,
          "at most " + upload.maxStoredPreKeys() + " one-time prekeys are stored");
    }
    Set<Integer> ids = new HashSet<>(storedIds);
    for (StoredPreKey key : upload.added()) {
      if (ids.contains(key.id())) {
        return Outcome.Refused.of(ErrorCode.DUPLICATE_PREKEY_ID, "a one-time prekey id is already stored");
      }
    }
    if (!upload.added().isEmpty()) {
      batch.putOneTimePreKeys(username, upload.added());
    }
    if (upload.signedPreKey().isPresent() || upload.pqPreKey().isPresent()) {
      StoredBundle.Builder rotated = current.toBuilder();
      upload.signedPreKey().ifPresent(key -> rotated.setSignedPrekey(WireCodec.toProto(key)));
      upload.pqPreKey().ifPresent(key -> rotated.setPqPrekey(WireCodec.toProto(key)));
      batch.putBundle(username, rotated.build().toByteArray());
    }
    StoredMeta meta = store.meta(username).map(StateRules::parseMeta).orElse(StoredMeta.getDefaultInstance());
    batch.putMeta(username,
        meta.toBuilder().setLastPrekeyUpdateMs(upload.owner().replay().nowMs()).build().toByteArray());
    return new Outcome.Count(storedIds.size() + upload.added().size());
  }

  private static StoredBundle parseBundle(byte[] bytes) {
    try {
      return StoredBundle.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a stored bundle does not parse");
    }
  }

  private static StoredMeta parseMeta(byte[] bytes) {
    try {
      return StoredMeta.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("stored meta does not parse");
    }
  }
}

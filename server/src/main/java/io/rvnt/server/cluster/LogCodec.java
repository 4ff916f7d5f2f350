package io.rvnt.server.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.identitylog.CountPreKeys;
import io.rvnt.protocol.identitylog.DeleteUser;
import io.rvnt.protocol.identitylog.LogCommand;
import io.rvnt.protocol.identitylog.LogOutcome;
import io.rvnt.protocol.identitylog.Owner;
import io.rvnt.protocol.identitylog.Refusal;
import io.rvnt.protocol.identitylog.RegisterUser;
import io.rvnt.protocol.identitylog.Registered;
import io.rvnt.protocol.identitylog.ReplayGuard;
import io.rvnt.protocol.identitylog.TakePreKey;
import io.rvnt.protocol.identitylog.TakenBundle;
import io.rvnt.protocol.identitylog.UploadPreKeys;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.OneTimePreKey;
import io.rvnt.server.ledger.Command;
import io.rvnt.server.ledger.Outcome;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.StoredPreKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one codec of the replicated log (resources/proto/identity_log.proto): a {@link Command} as the bytes of a log
 * entry, an {@link Outcome} as the bytes of the reply. Decoding is strict: an entry that does not parse, or lacks a
 * field every command of its kind has, is a {@link LogFormatException}; every member refuses it the same way.
 */
final class LogCodec {
  private LogCodec() {}

  /** Thrown for bytes that are not an entry or a reply of this format; the message is fixed text. */
  static final class LogFormatException extends Exception {
    LogFormatException(String message) {
      super(message, null, false, false);
    }
  }

  static byte[] encode(Command command) {
    LogCommand.Builder entry = LogCommand.newBuilder();
    if (command instanceof Command.Register register) {
      NewUser user = register.user();
      entry.setRegister(RegisterUser.newBuilder()
          .setUsername(register.username())
          .setStoredBundle(ByteString.copyFrom(user.storedBundle()))
          .addAllOneTimePrekeys(preKeys(user.oneTimePreKeys()))
          .setPowHash(ByteString.copyFrom(user.powHash()))
          .setStoredMeta(ByteString.copyFrom(user.storedMeta())));
    } else if (command instanceof Command.TakePreKey take) {
      entry.setTakePrekey(TakePreKey.newBuilder().setUsername(take.username()));
    } else if (command instanceof Command.Upload upload) {
      UploadPreKeys.Builder builder = UploadPreKeys.newBuilder()
          .setOwner(owner(upload.owner()))
          .addAllOneTimePrekeys(preKeys(upload.added()))
          .setMaxStoredPrekeys(upload.maxStoredPreKeys());
      upload.signedPreKey().ifPresent(key -> builder.setSignedPrekey(WireCodec.toProto(key)));
      upload.pqPreKey().ifPresent(key -> builder.setPqPrekey(WireCodec.toProto(key)));
      entry.setUploadPrekeys(builder);
    } else if (command instanceof Command.Count count) {
      entry.setCountPrekeys(CountPreKeys.newBuilder().setOwner(owner(count.owner())));
    } else if (command instanceof Command.Delete delete) {
      entry.setDeleteUser(DeleteUser.newBuilder().setOwner(owner(delete.owner())));
    } else {
      throw new AssertionError("every command is encoded: " + command);
    }
    return entry.build().toByteArray();
  }

  static Command decodeCommand(byte[] bytes) throws LogFormatException {
    LogCommand entry;
    try {
      entry = LogCommand.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LogFormatException("a log entry does not parse");
    }
    try {
      return switch (entry.getCommandCase()) {
        case REGISTER -> {
          RegisterUser r = entry.getRegister();
          yield new Command.Register(username(r.getUsername()), new NewUser(r.getStoredBundle().toByteArray(),
              storedPreKeys(r.getOneTimePrekeysList()), r.getPowHash().toByteArray(), r.getStoredMeta().toByteArray()));
        }
        case TAKE_PREKEY -> new Command.TakePreKey(username(entry.getTakePrekey().getUsername()));
        case UPLOAD_PREKEYS -> {
          UploadPreKeys u = entry.getUploadPrekeys();
          yield new Command.Upload(owner(u.getOwner()), storedPreKeys(u.getOneTimePrekeysList()),
              u.hasSignedPrekey() ? Optional.of(WireCodec.fromProto(u.getSignedPrekey())) : Optional.empty(),
              u.hasPqPrekey() ? Optional.of(WireCodec.fromProto(u.getPqPrekey())) : Optional.empty(),
              u.getMaxStoredPrekeys());
        }
        case COUNT_PREKEYS -> new Command.Count(owner(entry.getCountPrekeys().getOwner()));
        case DELETE_USER -> new Command.Delete(owner(entry.getDeleteUser().getOwner()));
        case COMMAND_NOT_SET -> throw new LogFormatException("a log entry holds no command");
      };
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new LogFormatException("a log entry lacks a field of its command");
    }
  }

  static byte[] encode(Outcome outcome) {
    LogOutcome.Builder reply = LogOutcome.newBuilder();
    if (outcome instanceof Outcome.Registered registered) {
      reply.setRegistered(Registered.newBuilder().setRegisteredAtMs(registered.registeredAtMs())
          .setOneTimePrekeyCount(registered.oneTimePreKeyCount()));
    } else if (outcome instanceof Outcome.Bundle bundle) {
      TakenBundle.Builder taken = TakenBundle.newBuilder().setStoredBundle(ByteString.copyFrom(bundle.storedBundle()));
      bundle.oneTimePreKey().ifPresent(key -> taken.setOneTimePrekey(preKey(key)));
      reply.setBundle(taken);
    } else if (outcome instanceof Outcome.Count count) {
      reply.setPrekeyCount(count.oneTimePreKeys());
    } else if (outcome instanceof Outcome.Deleted) {
      reply.setDeleted(true);
    } else if (outcome instanceof Outcome.Refused refused) {
      reply.setRefused(Refusal.newBuilder().setCode(refused.code()).setMessage(refused.message())
          .setRetryAfterSeconds((int) Math.min(Integer.MAX_VALUE, refused.retryAfterSeconds())));
    } else {
      throw new AssertionError("every outcome is encoded: " + outcome);
    }
    return reply.build().toByteArray();
  }

  static Outcome decodeOutcome(byte[] bytes) throws LogFormatException {
    LogOutcome reply;
    try {
      reply = LogOutcome.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LogFormatException("a reply does not parse");
    }
    return switch (reply.getOutcomeCase()) {
      case REGISTERED -> new Outcome.Registered(reply.getRegistered().getRegisteredAtMs(),
          reply.getRegistered().getOneTimePrekeyCount());
      case BUNDLE -> new Outcome.Bundle(reply.getBundle().getStoredBundle().toByteArray(),
          reply.getBundle().hasOneTimePrekey()
              ? Optional.of(storedPreKey(reply.getBundle().getOneTimePrekey())) : Optional.empty());
      case PREKEY_COUNT -> new Outcome.Count(reply.getPrekeyCount());
      case DELETED -> new Outcome.Deleted();
      case REFUSED -> new Outcome.Refused(reply.getRefused().getCode(), reply.getRefused().getMessage(),
          reply.getRefused().getRetryAfterSeconds());
      case OUTCOME_NOT_SET -> throw new LogFormatException("a reply holds no outcome");
    };
  }

  /** What a member answers for an entry it cannot decode: the same on every member, and nothing is written. */
  static Outcome malformed() {
    return new Outcome.Refused(ErrorCode.INTERNAL, "the server could not read a replicated entry", 0);
  }

  private static Owner owner(Command.Owner owner) {
    ReplayEntry entry = owner.replay().entry();
    return Owner.newBuilder()
        .setUsername(owner.username())
        .setIdentityKey(ByteString.copyFrom(owner.identityKey()))
        .setReplay(ReplayGuard.newBuilder()
            .setDigest(ByteString.copyFrom(entry.digest()))
            .setNowMs(owner.replay().nowMs())
            .setExpiresAtMs(entry.expiresAtMs())
            .setCapacity(owner.replay().capacity()))
        .build();
  }

  private static Command.Owner owner(Owner owner) {
    ReplayGuard guard = owner.getReplay();
    return new Command.Owner(username(owner.getUsername()), owner.getIdentityKey().toByteArray(),
        new Command.ReplayGuard(new ReplayEntry(guard.getDigest().toByteArray(), guard.getExpiresAtMs()),
            guard.getNowMs(), guard.getCapacity()));
  }

  private static String username(String username) {
    if (username.isEmpty()) {
      throw new IllegalArgumentException("no username");
    }
    return username;
  }

  private static List<OneTimePreKey> preKeys(List<StoredPreKey> keys) {
    List<OneTimePreKey> protos = new ArrayList<>(keys.size());
    for (StoredPreKey key : keys) {
      protos.add(preKey(key));
    }
    return protos;
  }

  private static OneTimePreKey preKey(StoredPreKey key) {
    return OneTimePreKey.newBuilder().setId(key.id()).setPublicKey(ByteString.copyFrom(key.publicKey())).build();
  }

  private static List<StoredPreKey> storedPreKeys(List<OneTimePreKey> protos) {
    List<StoredPreKey> keys = new ArrayList<>(protos.size());
    for (OneTimePreKey proto : protos) {
      keys.add(storedPreKey(proto));
    }
    return keys;
  }

  private static StoredPreKey storedPreKey(OneTimePreKey proto) {
    return new StoredPreKey(proto.getId(), proto.getPublicKey().toByteArray());
  }
}

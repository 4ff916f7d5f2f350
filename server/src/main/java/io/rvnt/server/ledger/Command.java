package io.rvnt.server.ledger;

import io.rvnt.protocol.identity.PqPreKey;
import io.rvnt.protocol.identity.SignedPreKey;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.StoredPreKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of state the identity rules have checked as far as they can without agreement (parsing, signatures,
 * proof of work, timestamps), for {@link StateRules} to decide and apply. On a cluster each command is one entry of
 * the replicated log, so it carries every value the decision needs (the proposer's clock, the limits), never
 * reads one locally: applied in the same order, the same commands give the same store on every member. A command
 * holds exactly what the store will hold; {@code toString} prints none of it.
 */
public sealed interface Command {

  /** The user the command is about: commands on one user are applied one at a time. */
  String username();

  /** Whether applying it reads and writes the replay memory: only the commands of signed requests do. */
  default boolean usesReplayMemory() {
    return false;
  }

  /** Spec §7.1: the four families of a new user, with the proposer's time in its meta. */
  record Register(String username, NewUser user) implements Command {
    public Register {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(user, "user");
    }

    @Override
    public String toString() {
      return "Register[" + user + "]";
    }
  }

  /** Spec §7.2: the bundle, and the one-time prekey of lowest id, taken. */
  record TakePreKey(String username) implements Command {
    public TakePreKey {
      Objects.requireNonNull(username, "username");
    }

    @Override
    public String toString() {
      return "TakePreKey";
    }
  }

  /** The commands of signed requests: about the user they were authenticated as, guarded against replay. */
  sealed interface Owned extends Command {
    Owner owner();

    @Override
    default String username() {
      return owner().username();
    }

    @Override
    default boolean usesReplayMemory() {
      return true;
    }
  }

  /** Spec §7.3: prekeys to add, a signed and a PQ prekey to rotate, at most {@code maxStoredPreKeys} after. */
  record Upload(Owner owner, List<StoredPreKey> added, Optional<SignedPreKey> signedPreKey,
      Optional<PqPreKey> pqPreKey, int maxStoredPreKeys) implements Owned {
    public Upload {
      Objects.requireNonNull(owner, "owner");
      added = List.copyOf(added);
      Objects.requireNonNull(signedPreKey, "signedPreKey");
      Objects.requireNonNull(pqPreKey, "pqPreKey");
    }

    @Override
    public String toString() {
      return "Upload[" + added.size() + " one-time prekeys]";
    }
  }

  /** Spec §7.4. */
  record Count(Owner owner) implements Owned {
    public Count {
      Objects.requireNonNull(owner, "owner");
    }

    @Override
    public String toString() {
      return "Count";
    }
  }

  /** Spec §7.5. */
  record Delete(Owner owner) implements Owned {
    public Delete {
      Objects.requireNonNull(owner, "owner");
    }

    @Override
    public String toString() {
      return "Delete";
    }
  }

  /**
   * Who a signed request was authenticated as (spec §5 steps 1–5, done by the proposer), and the replay guard of
   * step 6, which only the state machine can decide. The identity key lets the rules refuse a request whose name
   * changed hands between its check and its turn.
   */
  record Owner(String username, byte[] identityKey, ReplayGuard replay) {
    public Owner {
      Objects.requireNonNull(username, "username");
      identityKey = identityKey.clone();
      Objects.requireNonNull(replay, "replay");
    }

    @Override
    public byte[] identityKey() {
      return identityKey.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Owner other && other.username.equals(username)
          && Arrays.equals(other.identityKey, identityKey) && other.replay.equals(replay);
    }

    @Override
    public int hashCode() {
      return Objects.hash(username, Arrays.hashCode(identityKey), replay);
    }

    @Override
    public String toString() {
      return "Owner[]";
    }
  }

  /**
   * Spec §5 step 6: the request to remember ({@link ReplayEntry}: digest and expiry), the proposer's clock, and the
   * capacity of the replay memory, which refuses rather than forgets when it is full of live entries.
   */
  record ReplayGuard(ReplayEntry entry, long nowMs, int capacity) {
    public ReplayGuard {
      Objects.requireNonNull(entry, "entry");
      if (capacity < 1) {
        throw new IllegalArgumentException("the replay memory holds at least one request");
      }
    }
  }
}

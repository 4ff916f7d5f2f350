package io.rvnt.server.ledger;

import com.google.protobuf.ByteString;
import io.rvnt.protocol.wire.StoredBundle;
import io.rvnt.protocol.wire.StoredMeta;
import io.rvnt.server.store.NewUser;
import io.rvnt.server.store.ReplayEntry;
import io.rvnt.server.store.StoredPreKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Commands as the identity rules would propose them, with made-up keys, for tests of the rules and the ledgers. */
public final class TestCommands {
  public static final byte[] KEY_A = filled(1);
  public static final byte[] KEY_B = filled(2);

  private TestCommands() {}

  public static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** A registration of {@code username} with {@code identityKey} at {@code atMs}, offering the given prekey ids. */
  public static Command.Register register(String username, byte[] identityKey, long atMs, int... opkIds) {
    List<StoredPreKey> opks = new ArrayList<>();
    for (int id : opkIds) {
      opks.add(new StoredPreKey(id, filled(id)));
    }
    byte[] bundle = StoredBundle.newBuilder().setIdentityKey(ByteString.copyFrom(identityKey)).build().toByteArray();
    byte[] meta = StoredMeta.newBuilder().setRegisteredAtMs(atMs).setLastPrekeyUpdateMs(atMs).build().toByteArray();
    return new Command.Register(username, new NewUser(bundle, opks, new byte[32], meta));
  }

  /** The owner of a signed request: {@code digestSeed} tells two requests apart for the replay memory. */
  public static Command.Owner owner(String username, byte[] identityKey, int digestSeed, long nowMs, int capacity) {
    byte[] digest = new byte[ReplayEntry.DIGEST_BYTES];
    digest[0] = (byte) digestSeed;
    digest[1] = (byte) (digestSeed >> 8);
    return new Command.Owner(username, identityKey,
        new Command.ReplayGuard(new ReplayEntry(digest, nowMs + 120_000), nowMs, capacity));
  }
}

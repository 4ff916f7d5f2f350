package io.rvnt.server.ledger;

import static io.rvnt.server.ledger.TestCommands.KEY_A;
import static io.rvnt.server.ledger.TestCommands.filled;
import static io.rvnt.server.ledger.TestCommands.owner;
import static io.rvnt.server.ledger.TestCommands.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.server.store.StoredPreKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every kind of command tells about itself: whom it is about, whether it is replay-guarded, and no secrets. */
class CommandTest {
  private static final String USER = "alice_in_the_log";

  private static List<Command> everyKind() {
    return List.of(
        register(USER, KEY_A, 10, 1, 2),
        new Command.TakePreKey(USER),
        new Command.Upload(owner(USER, KEY_A, 1, 20, 10), List.of(new StoredPreKey(9, filled(9))), Optional.empty(),
            Optional.empty(), 500),
        new Command.Count(owner(USER, KEY_A, 2, 21, 10)),
        new Command.Delete(owner(USER, KEY_A, 3, 22, 10)));
  }

  @Test
  void everyCommandIsAboutItsUserAndOnlySignedRequestsUseTheReplayMemory() {
    for (Command command : everyKind()) {
      assertThat(command.username()).as("%s is about the user it names or was signed by", command).isEqualTo(USER);
      assertThat(command.usesReplayMemory()).as("%s uses the replay memory only as a signed request's command",
          command).isEqualTo(command instanceof Command.Owned);
    }
  }

  @Test
  void toStringNeverPrintsAUsernameAKeyOrABody() {
    String keyHex = HexFormat.of().formatHex(KEY_A);
    for (Command command : everyKind()) {
      assertThat(command.toString()).as("invariant 1: %s names no user, key or body", command.getClass())
          .doesNotContain(USER).doesNotContainIgnoringCase(keyHex).doesNotContain("[1, 1, 1")
          .doesNotContain("0101010101");
    }
  }
}

package io.rvnt.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbIdentityStoreTest extends IdentityStoreContract {
  @TempDir Path dir;

  @Override
  IdentityStore open() {
    return RocksDbIdentityStore.open(dir.resolve("db"));
  }

  @Test
  void keepsEverythingAcrossAReopen() {
    register("alice", user(1, 2));
    store.write(new StoreBatch().deleteOneTimePreKey("alice", 1).putReplay(replay(1, 9_000))
        .applied(new AppliedIndex(1, 5)));
    store.close();
    store = open();
    assertThat(store.oneTimePreKeyIds("alice")).as("consumed prekey stays consumed").containsExactly(2);
    assertThat(store.userCount()).as("users counted again at open").isEqualTo(1);
    assertThat(store.replayCount()).as("remembered requests counted again at open").isEqualTo(1);
    assertThat(store.applied()).contains(new AppliedIndex(1, 5));
    assertThat(store.bundle("alice")).isPresent();
  }

  @Test
  void aCheckpointIsAStoreOfItsOwnWithTheSameEntries() {
    register("alice", user(1, 2));
    store.write(new StoreBatch().applied(new AppliedIndex(4, 40)));
    ((RocksDbIdentityStore) store).checkpoint(dir.resolve("copy"));
    store.write(new StoreBatch().deleteUser("alice").applied(new AppliedIndex(4, 41)));
    try (RocksDbIdentityStore copy = RocksDbIdentityStore.openReplica(dir.resolve("copy"))) {
      assertThat(copy.oneTimePreKeyIds("alice")).as("as it was at the checkpoint").containsExactly(1, 2);
      assertThat(copy.applied()).contains(new AppliedIndex(4, 40));
    }
    assertThat(store.bundle("alice")).as("the original went on alone").isEmpty();
  }

  @Test
  void writesNoInfoLogAndOnlyRocksDbsOwnFiles() throws Exception {
    register("alice", user(1, 2));
    store.write(new StoreBatch().deleteOneTimePreKey("alice", 1));
    store.close();
    store = open();
    try (Stream<Path> files = Files.list(dir.resolve("db"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).as("no LOG file: RocksDB's info log may quote keys")
          .noneMatch(n -> n.startsWith("LOG"));
      assertThat(names).allMatch(n -> n.endsWith(".sst") || n.endsWith(".log") || n.startsWith("MANIFEST-")
          || n.equals("CURRENT") || n.equals("IDENTITY") || n.equals("LOCK") || n.startsWith("OPTIONS-"),
          "one of RocksDB's documented files");
    }
  }

  @Test
  void createsTheDataDirectoryPrivate() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db"))))
        .isEqualTo("rwx------");
  }

  @Test
  void refusesASecondOpenOfTheSameDirectory() {
    assertThatThrownBy(this::open).isInstanceOf(StoreException.class)
        .hasMessageNotContaining(dir.toString());
  }
}

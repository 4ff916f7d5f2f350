package io.rvnt.dht.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.dht.DhtException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same contract for both stores: the memory one and RocksDB on disk. */
class RecordStoreContractTest {

  @TempDir Path dir;

  @Test
  void memoryStoreKeepsGetsScansAndDeletes() {
    try (RecordStore store = new InMemoryRecordStore()) {
      checkContract(store);
    }
  }

  @Test
  void rocksDbStoreKeepsGetsScansAndDeletes() {
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("db"))) {
      checkContract(store);
    }
  }

  @Test
  void rocksDbStoreKeepsRecordsAcrossARestart() {
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("db"))) {
      store.put(bytes("r/a"), bytes("1"));
    }
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("db"))) {
      assertThat(store.get(bytes("r/a"))).as("a record survives a restart").hasValueSatisfying(
          v -> assertThat(v).isEqualTo(bytes("1")));
    }
  }

  @Test
  void rocksDbStoreWritesNoInfoLog() throws IOException {
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("db"))) {
      store.put(bytes("r/a"), bytes("1"));
      store.delete(bytes("r/a"));
    }
    try (RecordStore store = RocksDbRecordStore.open(dir.resolve("db"));
        Stream<Path> files = Files.list(dir.resolve("db"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("RocksDB's info log (LOG, LOG.old.*) would quote record keys: it is never written")
          .isNotEmpty().noneMatch(name -> name.startsWith("LOG"));
    }
  }

  @Test
  void aScanThatHitsACorruptTableIsAStoreFailureNotAnEarlyEnd() throws IOException {
    Path db = dir.resolve("db");
    try (RecordStore store = RocksDbRecordStore.open(db)) {
      for (int i = 0; i < 40; i++) {
        store.put(bytes(String.format("r/%05d", i)), bytes("v".repeat(1_000) + i));
      }
    }
    // Reopening replays the write-ahead log into a table file.
    RocksDbRecordStore.open(db).close();
    Path table;
    try (Stream<Path> files = Files.list(db)) {
      table = files.filter(f -> f.toString().endsWith(".sst")).findFirst().orElseThrow(
          () -> new AssertionError("the records are in a table file"));
    }
    try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
      file.seek(1_000);
      file.write(new byte[512]); // inside the first data block: its checksum no longer matches
    }
    try (RecordStore store = RocksDbRecordStore.open(db)) {
      List<byte[]> seen = new ArrayList<>();
      assertThatThrownBy(() -> store.scan(new byte[0], (k, v) -> seen.add(k)))
          .as("an iterator that stops on a read error reports it (status()), instead of a short scan")
          .isInstanceOf(DhtException.class).hasMessageContaining("STORE_FAILED");
    }
  }

  private static void checkContract(RecordStore store) {
    store.put(bytes("p/b"), bytes("2"));
    store.put(bytes("r/a"), bytes("1"));
    store.put(bytes("r/c"), bytes("3"));
    store.put(bytes("s/x"), bytes("4"));
    assertThat(store.get(bytes("r/a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
    List<String> scanned = new ArrayList<>();
    store.scan(bytes("r/"), (k, v) -> scanned.add(new String(k, StandardCharsets.UTF_8)));
    assertThat(scanned).as("a scan sees its prefix only, in key order").containsExactly("r/a", "r/c");
    List<String> first = new ArrayList<>();
    store.scan(new byte[0], (k, v) -> first.add(new String(k, StandardCharsets.UTF_8)) && false);
    assertThat(first).as("a scan stops when the visitor says so").hasSize(1);
    store.delete(bytes("r/a"));
    assertThat(store.get(bytes("r/a"))).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.rvnt.dht.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

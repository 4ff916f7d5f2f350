package io.rvnt.p2p.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** TXT records from a map, answered at once; counts the lookups. A name without records answers nothing. */
final class FakeTxt implements TxtLookup {
  private final Map<String, List<String>> records = new HashMap<>();
  private final List<String> asked = new ArrayList<>();

  FakeTxt with(String name, String... texts) {
    records.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(texts));
    return this;
  }

  List<String> asked() {
    return asked;
  }

  @Override
  public CompletableFuture<List<String>> txt(String name) {
    asked.add(name);
    return CompletableFuture.completedFuture(List.copyOf(records.getOrDefault(name, List.of())));
  }
}

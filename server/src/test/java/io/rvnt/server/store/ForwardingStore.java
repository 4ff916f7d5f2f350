package io.rvnt.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Delegates every call to another store; tests override the calls they block or race on. */
public class ForwardingStore implements IdentityStore {
  private final IdentityStore delegate;

  public ForwardingStore(IdentityStore delegate) {
    this.delegate = delegate;
  }

  @Override public Optional<byte[]> bundle(String username) { return delegate.bundle(username); }
  @Override public Optional<byte[]> meta(String username) { return delegate.meta(username); }
  @Override public Optional<StoredPreKey> firstOneTimePreKey(String u) { return delegate.firstOneTimePreKey(u); }
  @Override public List<Integer> oneTimePreKeyIds(String u) { return delegate.oneTimePreKeyIds(u); }
  @Override public int oneTimePreKeyCount(String u) { return delegate.oneTimePreKeyCount(u); }
  @Override public OptionalLong replayExpiry(byte[] digest) { return delegate.replayExpiry(digest); }
  @Override public ReplaySweep replaySweep(long nowMs) { return delegate.replaySweep(nowMs); }
  @Override public long replayCount() { return delegate.replayCount(); }
  @Override public Optional<AppliedIndex> applied() { return delegate.applied(); }
  @Override public void write(StoreBatch batch) { delegate.write(batch); }
  @Override public long userCount() { return delegate.userCount(); }
  @Override public Map<String, byte[]> entries() { return delegate.entries(); }
  @Override public void close() { delegate.close(); }
}

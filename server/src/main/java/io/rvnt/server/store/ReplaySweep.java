package io.rvnt.server.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link IdentityStore#replaySweep(long)} found: the remembered requests whose time is up, eldest first, and
 * the expiry of the eldest one still live (empty when none is).
 */
public record ReplaySweep(List<ReplayEntry> expired, OptionalLong eldestLiveExpiry) {
  public ReplaySweep {
    expired = List.copyOf(expired);
  }
}

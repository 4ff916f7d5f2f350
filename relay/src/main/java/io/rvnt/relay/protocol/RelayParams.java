package io.rvnt.relay.protocol;

import java.util.List;

/** What a relay tells a client in its Hello response (spec §6.1, §8): the current day and the limits to respect. */
public record RelayParams(
    int day,
    int retentionDays,
    List<Integer> blobSizes,
    int createPowBits,
    int maxEnvelopesPerMailbox,
    long maxBytesPerMailbox,
    int maxDepositIdsPerDay,
    int registerDaysAhead,
    int challengeTtlSeconds,
    int maxCollectEnvelopes,
    int maxRequestBytes,
    int maxResponseBytes,
    int requestsPerSecond,
    int requestBurst) {

  public RelayParams {
    blobSizes = List.copyOf(blobSizes);
  }
}

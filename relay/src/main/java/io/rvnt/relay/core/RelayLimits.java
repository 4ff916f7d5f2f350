package io.rvnt.relay.core;

import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayCodec;
import java.time.Duration;

/**
 * Every limit of a relay, one place (spec §8 gives the defaults and the reasons). A request over a limit is refused
 * with its status and changes nothing.
 *
 * @param retentionDays an envelope is returned and kept while the current day is below its receipt day plus this;
 *     1 to 7 (the architecture's "at most 7 days")
 * @param createPowBits leading zero bits of a mailbox creation's proof of work
 * @param maxEnvelopesPerMailbox and {@code maxBytesPerMailbox}: the per-mailbox quota of waiting envelopes
 * @param maxDepositIdsPerDay deposit ids one mailbox may register for one day
 * @param registerDaysAhead how far ahead of the current day a registration may be
 * @param challengeTtl how long a challenge may be answered after the relay sent it
 * @param maxCollectEnvelopes and {@code maxCollectBytes}: most envelopes, and blob bytes, in one collect response
 *     (one envelope is always returned if one is waiting)
 * @param maxRequestBytes largest request message on a stream
 * @param requestsPerSecond and {@code requestBurst}: the token bucket of one connection, every request counted
 * @param maxPipelinedRequests requests of one stream in progress at once; beyond, the relay stops reading it
 * @param minFreeDiskBytes the disk watermark: below it, writes that add data are refused with STORAGE_FULL
 * @param writeQueueCapacity writes waiting for the writer thread; beyond, requests are refused with UNAVAILABLE
 * @param maxWriteBatch writes committed with one synced write (group commit)
 * @param purgeInterval how often expired envelopes and registrations are deleted
 */
public record RelayLimits(
    int retentionDays,
    int createPowBits,
    int maxEnvelopesPerMailbox,
    long maxBytesPerMailbox,
    int maxDepositIdsPerDay,
    int registerDaysAhead,
    Duration challengeTtl,
    int maxCollectEnvelopes,
    int maxCollectBytes,
    int maxRequestBytes,
    int requestsPerSecond,
    int requestBurst,
    int maxPipelinedRequests,
    long minFreeDiskBytes,
    int writeQueueCapacity,
    int maxWriteBatch,
    Duration purgeInterval) {

  public static final RelayLimits DEFAULTS = new RelayLimits(7, 20, 1_000, 16L << 20, 1_024, 14,
      Duration.ofSeconds(30), 16, 262_144, Padding.MAX_BLOB_BYTES + 1_024, 20, 100, 16, 1L << 30, 4_096, 256,
      Duration.ofHours(1));

  public RelayLimits {
    if (retentionDays < 1 || retentionDays > 7) {
      throw new IllegalArgumentException("retention-days must be between 1 and 7");
    }
    if (createPowBits < 0 || createPowBits > 40) {
      throw new IllegalArgumentException("create-pow-bits must be between 0 and 40");
    }
    if (maxEnvelopesPerMailbox < 1 || maxBytesPerMailbox < Padding.MAX_BLOB_BYTES || maxDepositIdsPerDay < 1
        || registerDaysAhead < 1 || maxCollectEnvelopes < 1 || requestsPerSecond < 1 || requestBurst < 1
        || maxPipelinedRequests < 1 || minFreeDiskBytes < 0 || writeQueueCapacity < 1 || maxWriteBatch < 1) {
      throw new IllegalArgumentException("relay limits must be positive (max-bytes-per-mailbox at least 65536)");
    }
    if (maxCollectBytes < Padding.MAX_BLOB_BYTES || maxCollectBytes > RelayCodec.MAX_RESPONSE_BYTES - 2 * Padding.MAX_BLOB_BYTES) {
      throw new IllegalArgumentException("max-collect-bytes must be between 65536 and " + (RelayCodec.MAX_RESPONSE_BYTES
          - 2 * Padding.MAX_BLOB_BYTES));
    }
    if (maxRequestBytes < Padding.MAX_BLOB_BYTES + 1_024) {
      throw new IllegalArgumentException("max-request-bytes must be at least " + (Padding.MAX_BLOB_BYTES + 1_024));
    }
    if (challengeTtl.isNegative() || challengeTtl.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException("challenge-ttl and purge-interval must be positive");
    }
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some limits of a set; {@link #build()} checks them together. */
  public static final class Builder {
    private int retentionDays;
    private int createPowBits;
    private int maxEnvelopesPerMailbox;
    private long maxBytesPerMailbox;
    private int maxDepositIdsPerDay;
    private int registerDaysAhead;
    private Duration challengeTtl;
    private int maxCollectEnvelopes;
    private int maxCollectBytes;
    private int maxRequestBytes;
    private int requestsPerSecond;
    private int requestBurst;
    private int maxPipelinedRequests;
    private long minFreeDiskBytes;
    private int writeQueueCapacity;
    private int maxWriteBatch;
    private Duration purgeInterval;

    private Builder(RelayLimits l) {
      retentionDays = l.retentionDays;
      createPowBits = l.createPowBits;
      maxEnvelopesPerMailbox = l.maxEnvelopesPerMailbox;
      maxBytesPerMailbox = l.maxBytesPerMailbox;
      maxDepositIdsPerDay = l.maxDepositIdsPerDay;
      registerDaysAhead = l.registerDaysAhead;
      challengeTtl = l.challengeTtl;
      maxCollectEnvelopes = l.maxCollectEnvelopes;
      maxCollectBytes = l.maxCollectBytes;
      maxRequestBytes = l.maxRequestBytes;
      requestsPerSecond = l.requestsPerSecond;
      requestBurst = l.requestBurst;
      maxPipelinedRequests = l.maxPipelinedRequests;
      minFreeDiskBytes = l.minFreeDiskBytes;
      writeQueueCapacity = l.writeQueueCapacity;
      maxWriteBatch = l.maxWriteBatch;
      purgeInterval = l.purgeInterval;
    }

    public Builder retentionDays(int value) {
      retentionDays = value;
      return this;
    }

    public Builder createPowBits(int value) {
      createPowBits = value;
      return this;
    }

    public Builder maxEnvelopesPerMailbox(int value) {
      maxEnvelopesPerMailbox = value;
      return this;
    }

    public Builder maxBytesPerMailbox(long value) {
      maxBytesPerMailbox = value;
      return this;
    }

    public Builder maxDepositIdsPerDay(int value) {
      maxDepositIdsPerDay = value;
      return this;
    }

    public Builder registerDaysAhead(int value) {
      registerDaysAhead = value;
      return this;
    }

    public Builder challengeTtl(Duration value) {
      challengeTtl = value;
      return this;
    }

    public Builder maxCollectEnvelopes(int value) {
      maxCollectEnvelopes = value;
      return this;
    }

    public Builder maxCollectBytes(int value) {
      maxCollectBytes = value;
      return this;
    }

    public Builder maxRequestBytes(int value) {
      maxRequestBytes = value;
      return this;
    }

    public Builder requestsPerSecond(int value) {
      requestsPerSecond = value;
      return this;
    }

    public Builder requestBurst(int value) {
      requestBurst = value;
      return this;
    }

    public Builder maxPipelinedRequests(int value) {
      maxPipelinedRequests = value;
      return this;
    }

    public Builder minFreeDiskBytes(long value) {
      minFreeDiskBytes = value;
      return this;
    }

    public Builder writeQueueCapacity(int value) {
      writeQueueCapacity = value;
      return this;
    }

    public Builder maxWriteBatch(int value) {
      maxWriteBatch = value;
      return this;
    }

    public Builder purgeInterval(Duration value) {
      purgeInterval = value;
      return this;
    }

    public RelayLimits build() {
      return new RelayLimits(retentionDays, createPowBits, maxEnvelopesPerMailbox, maxBytesPerMailbox,
          maxDepositIdsPerDay, registerDaysAhead, challengeTtl, maxCollectEnvelopes, maxCollectBytes,
          maxRequestBytes, requestsPerSecond, requestBurst, maxPipelinedRequests, minFreeDiskBytes,
          writeQueueCapacity, maxWriteBatch, purgeInterval);
    }
  }
}

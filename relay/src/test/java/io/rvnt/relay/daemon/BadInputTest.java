package io.rvnt.relay.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.relay.client.MailboxKey;
import io.rvnt.relay.client.RelayClient;
import io.rvnt.relay.client.RelaySession;
import io.rvnt.relay.core.RelayLimits;
import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayCodec;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.relay.protocol.RelayStatus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against a relay node, one kind per test, through the real edge: each is refused or limited with its
 * status, the store holds exactly what it held before, and the relay goes on serving.
 */
class BadInputTest {

  private static final RelayLimits LIMITS = RelayLimits.DEFAULTS.toBuilder().createPowBits(8)
      .maxEnvelopesPerMailbox(3).requestBurst(1_000).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final RelayCodec CODEC = new RelayCodec(RelayCodec.DEFAULT_MAX_IDS, RelayCodec.DEFAULT_MAX_IDS);

  @TempDir Path dir;
  private TestRelay relay;
  private RelayClient client;
  private RelaySession session;
  private byte[] seed;
  private MailboxKey key;
  private byte[] depositId;

  @BeforeEach
  void start() throws Exception {
    start(LIMITS);
  }

  private void start(RelayLimits limits) throws Exception {
    relay = TestRelay.start(dir.resolve("relay"), limits);
    client = RelayClient.start(TIMEOUT);
    session = client.connect(relay.tcp());
    seed = random(32);
    key = MailboxKey.fromSeed(seed);
    depositId = random(16);
    session.createMailbox(key, 8);
    session.register(key, Days.today(relay.clock), List.of(depositId));
    session.deposit(depositId, Padding.pad(new byte[] {1}));
  }

  @AfterEach
  void stop() {
    session.close();
    client.close();
    relay.close();
  }

  private void restartWith(RelayLimits limits) throws Exception {
    stop();
    start(limits);
  }

  private RelayStatus send(RelayRequest request) throws Exception {
    return answer(session.send(request)).status();
  }

  private static RelayResponse answer(CompletableFuture<RelayResponse> f) throws Exception {
    return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private RelayRequest collect(byte[] challenge) {
    OwnerProof proof = OwnerSignature.sign(OwnerSignature.Op.COLLECT, session.relayPeerId(), challenge, seed,
        OwnerSignature.collectPayload(10, List.of()));
    return new RelayRequest.CollectRequest(proof, List.of(), 10);
  }

  private void assertStillServing() throws Exception {
    assertThat(session.hello().day()).as("the stream goes on").isEqualTo(Days.today(relay.clock));
  }

  @Test
  void anOversizedBlobIsRefused() throws Exception {
    Map<String, String> before = relay.stored();
    assertThat(send(new RelayRequest.DepositRequest(depositId, new byte[Padding.MAX_BLOB_BYTES + 16])))
        .isEqualTo(RelayStatus.TOO_LARGE);
    assertThat(relay.stored()).as("nothing else changes").isEqualTo(before);
    assertStillServing();
  }

  @Test
  void aMessageAboveTheRequestLimitIsRefusedAndEndsTheStream() throws Exception {
    Map<String, String> before = relay.stored();
    assertThat(answer(session.sendBytes(new byte[LIMITS.maxRequestBytes() + 1])).status())
        .isEqualTo(RelayStatus.TOO_LARGE);
    assertThat(relay.stored()).isEqualTo(before);
    try (RelaySession fresh = client.connect(relay.tcp())) {
      assertThat(fresh.hello().day()).as("a new stream is served").isEqualTo(Days.today(relay.clock));
    }
  }

  @Test
  void aBlobOfAnotherSizeThanThePaddedOnesIsRefused() throws Exception {
    Map<String, String> before = relay.stored();
    assertThat(send(new RelayRequest.DepositRequest(depositId, new byte[2000]))).isEqualTo(RelayStatus.BAD_PADDING);
    assertThat(relay.stored()).isEqualTo(before);
    assertStillServing();
  }

  @Test
  void aBadSignatureIsRefused() throws Exception {
    session.hello();
    Map<String, String> before = relay.stored();
    RelayRequest.CollectRequest good = (RelayRequest.CollectRequest) collect(session.latestChallenge());
    byte[] signature = good.owner().signature();
    signature[0] ^= 1;
    OwnerProof bad = new OwnerProof(good.owner().publicKey(), good.owner().challenge(), signature);
    assertThat(send(new RelayRequest.CollectRequest(bad, List.of(), 10))).isEqualTo(RelayStatus.BAD_SIGNATURE);
    assertThat(relay.stored()).isEqualTo(before);
    assertThat(session.collect(key, List.of(), 10).envelopes()).as("the owner still collects").hasSize(1);
  }

  @Test
  void aReplayedSignedRequestIsRefused() throws Exception {
    session.hello();
    byte[] request = CODEC.encodeRequest(collect(session.latestChallenge()));
    RelayResponse first = answer(session.sendBytes(request));
    assertThat(first.status()).isEqualTo(RelayStatus.OK);
    List<byte[]> acks = first.envelopes().stream().map(e -> e.id()).toList();
    // An eavesdropper's replay, with acknowledgements this time, on the same stream and on another.
    OwnerProof proof = OwnerSignature.sign(OwnerSignature.Op.COLLECT, session.relayPeerId(),
        session.latestChallenge(), seed, OwnerSignature.collectPayload(10, acks));
    byte[] withAcks = CODEC.encodeRequest(new RelayRequest.CollectRequest(proof, acks, 10));
    assertThat(answer(session.sendBytes(request)).status()).as("the same bytes again")
        .isEqualTo(RelayStatus.BAD_CHALLENGE);
    Map<String, String> before = relay.stored();
    try (RelaySession other = client.connect(relay.tcp())) {
      other.hello();
      assertThat(answer(other.sendBytes(withAcks)).status()).as("on another stream")
          .isEqualTo(RelayStatus.BAD_CHALLENGE);
    }
    assertThat(relay.stored()).as("nothing acknowledged").isEqualTo(before);
  }

  @Test
  void aStaleChallengeIsRefused() throws Exception {
    session.hello();
    Map<String, String> before = relay.stored();
    relay.clock.advance(LIMITS.challengeTtl().plusSeconds(1));
    assertThat(send(collect(session.latestChallenge()))).isEqualTo(RelayStatus.STALE_CHALLENGE);
    assertThat(relay.stored()).isEqualTo(before);
    assertThat(send(collect(session.latestChallenge()))).as("the fresh one that came back works")
        .isEqualTo(RelayStatus.OK);
  }

  @Test
  void aDepositOverTheMailboxQuotaIsRefused() throws Exception {
    session.deposit(depositId, Padding.pad(new byte[] {2}));
    session.deposit(depositId, Padding.pad(new byte[] {3}));
    Map<String, String> before = relay.stored();
    assertThat(send(new RelayRequest.DepositRequest(depositId, Padding.pad(new byte[] {4}))))
        .isEqualTo(RelayStatus.QUOTA_EXCEEDED);
    assertThat(relay.stored()).isEqualTo(before);
    assertThat(relay.node.counters().snapshot().refused()).containsEntry(RelayStatus.QUOTA_EXCEEDED, 1L);
  }

  @Test
  void atTheDiskWatermarkDepositsAreRefused() throws Exception {
    relay.freeDisk.set(LIMITS.minFreeDiskBytes() - 1);
    Map<String, String> before = relay.stored();
    assertThat(send(new RelayRequest.DepositRequest(depositId, Padding.pad(new byte[] {5}))))
        .isEqualTo(RelayStatus.STORAGE_FULL);
    assertThat(relay.stored()).isEqualTo(before);
    assertThat(session.collect(key, List.of(), 10).envelopes()).as("collecting goes on").hasSize(1);
  }

  @Test
  void bytesThatAreNotARequestAreRefused() throws Exception {
    Map<String, String> before = relay.stored();
    assertThat(answer(session.sendBytes(new byte[] {(byte) 0xff, (byte) 0xff, 0x07, 0x01})).status())
        .isEqualTo(RelayStatus.MALFORMED);
    assertThat(answer(session.sendBytes(new byte[0])).status()).as("a Request without a body")
        .isEqualTo(RelayStatus.MALFORMED);
    byte[] shortId = CODEC.encodeRequest(new RelayRequest.DepositRequest(new byte[15], Padding.pad(new byte[1])));
    assertThat(answer(session.sendBytes(shortId)).status()).as("a 15-byte deposit id")
        .isEqualTo(RelayStatus.MALFORMED);
    assertThat(relay.stored()).isEqualTo(before);
    assertStillServing();
  }

  @Test
  void collectingAnUnknownMailboxAnswersLikeAnEmptyOne() throws Exception {
    MailboxKey empty = MailboxKey.fromSeed(random(32));
    session.createMailbox(empty, 8);
    MailboxKey unknown = MailboxKey.fromSeed(random(32));
    Map<String, String> before = relay.stored();
    RelaySession.Batch a = session.collect(empty, List.of(random(16)), 10);
    RelaySession.Batch b = session.collect(unknown, List.of(random(16)), 10);
    assertThat(b).usingRecursiveComparison().isEqualTo(a);
    assertThat(relay.stored()).isEqualTo(before);
  }

  @Test
  void aFloodOfDepositsIsLimitedPerConnection() throws Exception {
    restartWith(LIMITS.toBuilder().requestBurst(20).maxEnvelopesPerMailbox(1_000).build());
    // start() spent 4 of the 20 tokens (hello, create, register, deposit); the relay's clock stands still.
    Map<String, String> before = relay.stored();
    List<CompletableFuture<RelayResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(session.depositAsync(depositId, Padding.pad(("flood " + i).getBytes())));
    }
    int ok = 0;
    int limited = 0;
    for (CompletableFuture<RelayResponse> f : answers) {
      RelayStatus s = answer(f).status();
      if (s == RelayStatus.OK) {
        ok++;
      } else if (s == RelayStatus.RATE_LIMITED) {
        limited++;
      }
    }
    assertThat(ok).as("the bucket's remaining 16 tokens").isEqualTo(16);
    assertThat(limited).as("every other deposit is limited").isEqualTo(184);
    long stored = relay.stored().keySet().stream().filter(k -> k.startsWith("65")).count()
        - before.keySet().stream().filter(k -> k.startsWith("65")).count();
    assertThat(stored).as("exactly the accepted deposits are stored").isEqualTo(16);
    try (RelayClient other = RelayClient.start(TIMEOUT); RelaySession s = other.connect(relay.tcp())) {
      s.deposit(depositId, Padding.pad("another connection".getBytes()));
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}

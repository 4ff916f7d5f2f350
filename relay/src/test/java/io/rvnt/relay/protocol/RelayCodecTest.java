package io.rvnt.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.rvnt.protocol.relay.Collect;
import io.rvnt.protocol.relay.Deposit;
import io.rvnt.protocol.relay.Owner;
import io.rvnt.protocol.relay.Request;
import io.rvnt.protocol.relay.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The codec's limits, one malformed input per test, and the status numbers of the schema. */
class RelayCodecTest {

  private final RelayCodec codec = new RelayCodec(4, 2);

  private static RelayStatus refusal(Runnable decode) {
    try {
      decode.run();
    } catch (RelayException e) {
      return e.status();
    }
    throw new AssertionError("decoded without a refusal");
  }

  @Test
  void everyStatusHasTheSchemasNumber() {
    for (RelayStatus s : RelayStatus.values()) {
      assertThat(Status.forNumber(s.number())).as("relay.proto's number for %s", s).isNotNull()
          .extracting(Enum::name).isEqualTo(s.name());
    }
    assertThat(Status.values()).as("no status of the schema is missing here")
        .hasSize(RelayStatus.values().length + 1); // and UNRECOGNIZED
  }

  @Test
  void aRequestSurvivesARoundTrip() {
    OwnerProof owner = new OwnerProof(new byte[32], new byte[32], new byte[64]);
    List<byte[]> ids = List.of(new byte[16], new byte[16]);
    RelayRequest r = codec.decodeRequest(codec.encodeRequest(new RelayRequest.CollectRequest(owner, ids, 7)));
    assertThat(r).isInstanceOfSatisfying(RelayRequest.CollectRequest.class, c -> {
      assertThat(c.acknowledged()).hasSize(2);
      assertThat(c.maxEnvelopes()).isEqualTo(7);
    });
  }

  @Test
  void bytesThatAreNotARequestAreMalformed() {
    assertThat(refusal(() -> codec.decodeRequest(new byte[] {(byte) 0xff, 0x01}))).isEqualTo(RelayStatus.MALFORMED);
  }

  @Test
  void aRequestWithoutABodyIsMalformed() {
    assertThat(refusal(() -> codec.decodeRequest(new byte[0]))).isEqualTo(RelayStatus.MALFORMED);
  }

  @Test
  void aSignedRequestWithoutItsOwnerIsMalformed() {
    byte[] bytes = Request.newBuilder().setCollect(Collect.newBuilder().setMaxEnvelopes(1)).build().toByteArray();
    assertThat(refusal(() -> codec.decodeRequest(bytes))).isEqualTo(RelayStatus.MALFORMED);
  }

  @Test
  void anIdOfAnotherLengthIsMalformed() {
    byte[] bytes = Request.newBuilder().setDeposit(Deposit.newBuilder().setDepositId(ByteString.copyFrom(
        new byte[17])).setBlob(ByteString.copyFrom(new byte[1024]))).build().toByteArray();
    assertThat(refusal(() -> codec.decodeRequest(bytes))).isEqualTo(RelayStatus.MALFORMED);
  }

  @Test
  void aListAboveTheLimitIsTooManyIds() {
    Collect.Builder c = Collect.newBuilder().setOwner(Owner.getDefaultInstance());
    for (int i = 0; i < 5; i++) {
      c.addAcknowledge(ByteString.copyFrom(new byte[16]));
    }
    byte[] bytes = Request.newBuilder().setCollect(c).build().toByteArray();
    assertThat(refusal(() -> codec.decodeRequest(bytes))).isEqualTo(RelayStatus.TOO_MANY_IDS);
  }

  @Test
  void aResponseWithMoreEnvelopesThanTheClientTakesIsRefused() {
    List<CollectedEnvelope> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(new CollectedEnvelope(new byte[16], 1, new byte[1024]));
    }
    byte[] bytes = codec.encodeResponse(new RelayResponse(RelayStatus.OK, new byte[0], Optional.empty(), three,
        false));
    assertThat(refusal(() -> codec.decodeResponse(bytes))).isEqualTo(RelayStatus.TOO_MANY_IDS);
  }

  @Test
  void aChallengeOfAnotherLengthIsMalformed() {
    byte[] bytes = codec.encodeResponse(RelayResponse.of(RelayStatus.OK).withChallenge(new byte[31]));
    assertThat(refusal(() -> codec.decodeResponse(bytes))).isEqualTo(RelayStatus.MALFORMED);
  }

  @Test
  void anUnknownStatusReadsAsUnavailable() {
    assertThat(RelayStatus.ofNumber(999)).isEqualTo(RelayStatus.UNAVAILABLE);
  }
}

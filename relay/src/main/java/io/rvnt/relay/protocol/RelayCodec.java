package io.rvnt.relay.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.rvnt.protocol.relay.Collect;
import io.rvnt.protocol.relay.CreateMailbox;
import io.rvnt.protocol.relay.DeleteMailbox;
import io.rvnt.protocol.relay.Deposit;
import io.rvnt.protocol.relay.Envelope;
import io.rvnt.protocol.relay.Hello;
import io.rvnt.protocol.relay.Owner;
import io.rvnt.protocol.relay.Params;
import io.rvnt.protocol.relay.RegisterDeposits;
import io.rvnt.protocol.relay.Request;
import io.rvnt.protocol.relay.Response;
import io.rvnt.relay.protocol.RelayRequest.CollectRequest;
import io.rvnt.relay.protocol.RelayRequest.CreateMailboxRequest;
import io.rvnt.relay.protocol.RelayRequest.DeleteMailboxRequest;
import io.rvnt.relay.protocol.RelayRequest.DepositRequest;
import io.rvnt.relay.protocol.RelayRequest.HelloRequest;
import io.rvnt.relay.protocol.RelayRequest.RegisterDepositsRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The codec of relay.proto's Request and Response (spec §3) with its limits; the message size itself is bounded by
 * the stream's length-prefixed reader. Ids must be exactly 16 bytes and lists at most {@code maxIds} long; every
 * other check is a rule of the relay, in the order of spec §6.0. Unknown fields are ignored (proto3). Thread-safe.
 */
public final class RelayCodec {

  /** Spec §3: the protocol id the relay's streams negotiate. */
  public static final String PROTOCOL_ID = "/rvnt/relay/1.0.0";

  /** Spec §3: the largest response a client must accept; a collect response stays below it. */
  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** Spec §8: ids in one RegisterDeposits (deposit ids) or one Collect (acknowledged ids). */
  public static final int DEFAULT_MAX_IDS = 1024;

  private final int maxIds;
  private final int maxEnvelopes;

  /**
   * @param maxIds longest list of ids a request may carry
   * @param maxEnvelopes most envelopes a response may carry (the client's bound)
   */
  public RelayCodec(int maxIds, int maxEnvelopes) {
    this.maxIds = maxIds;
    this.maxEnvelopes = maxEnvelopes;
  }

  /**
   * @throws RelayException MALFORMED for bytes that are not a Request, a request without a body or owner, or an id
   *     that is not 16 bytes; TOO_MANY_IDS for a list above {@code maxIds}
   */
  public RelayRequest decodeRequest(byte[] bytes) {
    Request r;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(4);
      r = Request.parseFrom(in);
    } catch (IOException e) {
      throw malformed("not a relay Request");
    }
    return switch (r.getBodyCase()) {
      case HELLO -> new HelloRequest();
      case CREATE -> new CreateMailboxRequest(owner(r.getCreate().hasOwner(), r.getCreate().getOwner()),
          r.getCreate().getPowNonce());
      case REGISTER -> new RegisterDepositsRequest(owner(r.getRegister().hasOwner(), r.getRegister().getOwner()),
          r.getRegister().getDay(), ids(r.getRegister().getDepositIdsList()));
      case DEPOSIT -> new DepositRequest(id(r.getDeposit().getDepositId()), r.getDeposit().getBlob().toByteArray());
      case COLLECT -> new CollectRequest(owner(r.getCollect().hasOwner(), r.getCollect().getOwner()),
          ids(r.getCollect().getAcknowledgeList()), r.getCollect().getMaxEnvelopes());
      case DELETE -> new DeleteMailboxRequest(owner(r.getDelete().hasOwner(), r.getDelete().getOwner()));
      case BODY_NOT_SET -> throw malformed("a Request without a body");
    };
  }

  public byte[] encodeRequest(RelayRequest request) {
    Request.Builder b = Request.newBuilder();
    // Java 17: no pattern switch over the sealed interface yet.
    if (request instanceof HelloRequest) {
      b.setHello(Hello.getDefaultInstance());
    } else if (request instanceof CreateMailboxRequest c) {
      b.setCreate(CreateMailbox.newBuilder().setOwner(owner(c.owner())).setPowNonce(c.powNonce()));
    } else if (request instanceof RegisterDepositsRequest r) {
      b.setRegister(RegisterDeposits.newBuilder().setOwner(owner(r.owner())).setDay(r.day())
          .addAllDepositIds(r.depositIds().stream().map(ByteString::copyFrom).toList()));
    } else if (request instanceof DepositRequest d) {
      b.setDeposit(Deposit.newBuilder().setDepositId(ByteString.copyFrom(d.depositId()))
          .setBlob(ByteString.copyFrom(d.blob())));
    } else if (request instanceof CollectRequest c) {
      b.setCollect(Collect.newBuilder().setOwner(owner(c.owner()))
          .addAllAcknowledge(c.acknowledged().stream().map(ByteString::copyFrom).toList())
          .setMaxEnvelopes(c.maxEnvelopes()));
    } else if (request instanceof DeleteMailboxRequest d) {
      b.setDelete(DeleteMailbox.newBuilder().setOwner(owner(d.owner())));
    } else {
      throw new AssertionError("a request type the codec does not know: " + request.getClass().getSimpleName());
    }
    return b.build().toByteArray();
  }

  /**
   * @throws RelayException MALFORMED for bytes that are not a Response, a challenge that is neither absent nor 32
   *     bytes, or an envelope id that is not 16 bytes; TOO_MANY_IDS for more than {@code maxEnvelopes} envelopes
   */
  public RelayResponse decodeResponse(byte[] bytes) {
    Response r;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(4);
      r = Response.parseFrom(in);
    } catch (IOException e) {
      throw malformed("not a relay Response");
    }
    if (!r.getChallenge().isEmpty() && r.getChallenge().size() != OwnerSignature.CHALLENGE_BYTES) {
      throw malformed("a challenge that is not 32 bytes");
    }
    if (r.getEnvelopesCount() > maxEnvelopes) {
      throw new RelayException(RelayStatus.TOO_MANY_IDS, "more envelopes than asked for");
    }
    List<CollectedEnvelope> envelopes = new ArrayList<>(r.getEnvelopesCount());
    for (Envelope e : r.getEnvelopesList()) {
      envelopes.add(new CollectedEnvelope(id(e.getId()), e.getDay(), e.getBlob().toByteArray()));
    }
    Optional<RelayParams> params = r.hasParams() ? Optional.of(params(r.getParams())) : Optional.empty();
    return new RelayResponse(RelayStatus.ofNumber(r.getStatusValue()), r.getChallenge().toByteArray(), params,
        envelopes, r.getMore());
  }

  public byte[] encodeResponse(RelayResponse response) {
    Response.Builder b = Response.newBuilder()
        .setStatusValue(response.status().number())
        .setChallenge(ByteString.copyFrom(response.challenge()))
        .setMore(response.more());
    response.params().ifPresent(p -> b.setParams(params(p)));
    for (CollectedEnvelope e : response.envelopes()) {
      b.addEnvelopes(Envelope.newBuilder().setId(ByteString.copyFrom(e.id())).setDay(e.day())
          .setBlob(ByteString.copyFrom(e.blob())));
    }
    return b.build().toByteArray();
  }

  private static OwnerProof owner(boolean present, Owner o) {
    if (!present) {
      throw malformed("a signed request without its owner");
    }
    return new OwnerProof(o.getPublicKey().toByteArray(), o.getChallenge().toByteArray(),
        o.getSignature().toByteArray());
  }

  private static Owner owner(OwnerProof o) {
    return Owner.newBuilder().setPublicKey(ByteString.copyFrom(o.publicKey()))
        .setChallenge(ByteString.copyFrom(o.challenge())).setSignature(ByteString.copyFrom(o.signature())).build();
  }

  private List<byte[]> ids(List<ByteString> wire) {
    if (wire.size() > maxIds) {
      throw new RelayException(RelayStatus.TOO_MANY_IDS, "more than " + maxIds + " ids in one request");
    }
    List<byte[]> out = new ArrayList<>(wire.size());
    for (ByteString id : wire) {
      out.add(id(id));
    }
    return out;
  }

  private static byte[] id(ByteString id) {
    if (id.size() != RelayIds.ID_BYTES) {
      throw malformed("an id that is not " + RelayIds.ID_BYTES + " bytes");
    }
    return id.toByteArray();
  }

  private static Params params(RelayParams p) {
    return Params.newBuilder().setDay(p.day()).setRetentionDays(p.retentionDays()).addAllBlobSizes(p.blobSizes())
        .setCreatePowBits(p.createPowBits()).setMaxEnvelopesPerMailbox(p.maxEnvelopesPerMailbox())
        .setMaxBytesPerMailbox(p.maxBytesPerMailbox()).setMaxDepositIdsPerDay(p.maxDepositIdsPerDay())
        .setRegisterDaysAhead(p.registerDaysAhead()).setChallengeTtlSeconds(p.challengeTtlSeconds())
        .setMaxCollectEnvelopes(p.maxCollectEnvelopes()).setMaxRequestBytes(p.maxRequestBytes())
        .setMaxResponseBytes(p.maxResponseBytes()).setRequestsPerSecond(p.requestsPerSecond())
        .setRequestBurst(p.requestBurst()).build();
  }

  private static RelayParams params(Params p) {
    return new RelayParams(p.getDay(), p.getRetentionDays(), p.getBlobSizesList(), p.getCreatePowBits(),
        p.getMaxEnvelopesPerMailbox(), p.getMaxBytesPerMailbox(), p.getMaxDepositIdsPerDay(),
        p.getRegisterDaysAhead(), p.getChallengeTtlSeconds(), p.getMaxCollectEnvelopes(), p.getMaxRequestBytes(),
        p.getMaxResponseBytes(), p.getRequestsPerSecond(), p.getRequestBurst());
  }

  private static RelayException malformed(String message) {
    return new RelayException(RelayStatus.MALFORMED, message);
  }
}

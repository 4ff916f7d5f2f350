package io.rvnt.protocol.identity;

import static io.rvnt.protocol.identity.ProtocolException.Reason.MALFORMED_REQUEST;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.rvnt.protocol.wire.Bundle;
import io.rvnt.protocol.wire.RegisterRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that converts the protobuf messages of identity.proto to and from the records of this package
 * (spec §2, §7). Decoding refuses only what protobuf itself tells apart (spec §7.0): bytes that do not parse, and a
 * missing {@code signed_prekey} or {@code pq_prekey} message where one is required; both are MALFORMED_REQUEST.
 * Every other rule (username, key lengths, ids, signatures) is {@link KeyChecks}'.
 */
public final class WireCodec {
  private WireCodec() {}

  public static Registration decodeRegistration(byte[] body) throws ProtocolException {
    RegisterRequest request = parse(body, RegisterRequest.parser(), "RegisterRequest");
    requireSignedAndPqPreKeys(request.hasSignedPrekey(), request.hasPqPrekey());
    return new Registration(
        request.getUsername(),
        request.getIdentityKey().toByteArray(),
        fromProto(request.getSignedPrekey()),
        fromProto(request.getPqPrekey()),
        oneTimePreKeysFromProto(request.getOneTimePrekeysList()));
  }

  public static byte[] encodeRegistration(Registration registration) {
    return RegisterRequest.newBuilder()
        .setUsername(registration.username())
        .setIdentityKey(ByteString.copyFrom(registration.identityKey()))
        .setSignedPrekey(toProto(registration.signedPreKey()))
        .setPqPrekey(toProto(registration.pqPreKey()))
        .addAllOneTimePrekeys(oneTimePreKeysToProto(registration.oneTimePreKeys()))
        .build()
        .toByteArray();
  }

  public static PreKeyUpload decodeUpload(byte[] body) throws ProtocolException {
    io.rvnt.protocol.wire.PreKeyUpload upload =
        parse(body, io.rvnt.protocol.wire.PreKeyUpload.parser(), "PreKeyUpload");
    return new PreKeyUpload(
        oneTimePreKeysFromProto(upload.getOneTimePrekeysList()),
        upload.hasSignedPrekey() ? Optional.of(fromProto(upload.getSignedPrekey())) : Optional.empty(),
        upload.hasPqPrekey() ? Optional.of(fromProto(upload.getPqPrekey())) : Optional.empty());
  }

  public static byte[] encodeUpload(PreKeyUpload upload) {
    io.rvnt.protocol.wire.PreKeyUpload.Builder builder =
        io.rvnt.protocol.wire.PreKeyUpload.newBuilder()
            .addAllOneTimePrekeys(oneTimePreKeysToProto(upload.oneTimePreKeys()));
    upload.signedPreKey().ifPresent(key -> builder.setSignedPrekey(toProto(key)));
    upload.pqPreKey().ifPresent(key -> builder.setPqPrekey(toProto(key)));
    return builder.build().toByteArray();
  }

  public static byte[] encodeBundle(PublicBundle bundle) {
    Bundle.Builder builder =
        Bundle.newBuilder()
            .setUsername(bundle.username())
            .setIdentityKey(ByteString.copyFrom(bundle.identityKey()))
            .setSignedPrekey(toProto(bundle.signedPreKey()))
            .setPqPrekey(toProto(bundle.pqPreKey()));
    bundle.oneTimePreKey().ifPresent(key -> builder.setOneTimePrekey(toProto(key)));
    return builder.build().toByteArray();
  }

  /** Decodes a bundle a server sent; the client must still check it with {@link KeyChecks}. */
  public static PublicBundle decodeBundle(byte[] body) throws ProtocolException {
    Bundle bundle = parse(body, Bundle.parser(), "Bundle");
    requireSignedAndPqPreKeys(bundle.hasSignedPrekey(), bundle.hasPqPrekey());
    return new PublicBundle(
        bundle.getUsername(),
        bundle.getIdentityKey().toByteArray(),
        fromProto(bundle.getSignedPrekey()),
        fromProto(bundle.getPqPrekey()),
        bundle.hasOneTimePrekey() ? Optional.of(fromProto(bundle.getOneTimePrekey())) : Optional.empty());
  }

  public static io.rvnt.protocol.wire.SignedPreKey toProto(SignedPreKey key) {
    return io.rvnt.protocol.wire.SignedPreKey.newBuilder()
        .setId(key.id())
        .setPublicKey(ByteString.copyFrom(key.publicKey()))
        .setSignature(ByteString.copyFrom(key.signature()))
        .build();
  }

  public static SignedPreKey fromProto(io.rvnt.protocol.wire.SignedPreKey key) {
    return new SignedPreKey(key.getId(), key.getPublicKey().toByteArray(), key.getSignature().toByteArray());
  }

  public static io.rvnt.protocol.wire.PqPreKey toProto(PqPreKey key) {
    return io.rvnt.protocol.wire.PqPreKey.newBuilder()
        .setId(key.id())
        .setPublicKey(ByteString.copyFrom(key.publicKey()))
        .setSignature(ByteString.copyFrom(key.signature()))
        .build();
  }

  public static PqPreKey fromProto(io.rvnt.protocol.wire.PqPreKey key) {
    return new PqPreKey(key.getId(), key.getPublicKey().toByteArray(), key.getSignature().toByteArray());
  }

  public static io.rvnt.protocol.wire.OneTimePreKey toProto(OneTimePreKey key) {
    return io.rvnt.protocol.wire.OneTimePreKey.newBuilder()
        .setId(key.id())
        .setPublicKey(ByteString.copyFrom(key.publicKey()))
        .build();
  }

  public static OneTimePreKey fromProto(io.rvnt.protocol.wire.OneTimePreKey key) {
    return new OneTimePreKey(key.getId(), key.getPublicKey().toByteArray());
  }

  /** Bytes protobuf cannot parse as {@code messageName} are MALFORMED_REQUEST (spec §7.0). */
  private static <T> T parse(byte[] body, Parser<T> parser, String messageName) throws ProtocolException {
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolException(MALFORMED_REQUEST, "body is not a " + messageName);
    }
  }

  /** A registration and a bundle both need their signed and PQ prekey messages (spec §7.0). */
  private static void requireSignedAndPqPreKeys(boolean hasSignedPreKey, boolean hasPqPreKey)
      throws ProtocolException {
    if (!hasSignedPreKey) {
      throw new ProtocolException(MALFORMED_REQUEST, "signed_prekey is missing");
    }
    if (!hasPqPreKey) {
      throw new ProtocolException(MALFORMED_REQUEST, "pq_prekey is missing");
    }
  }

  private static List<OneTimePreKey> oneTimePreKeysFromProto(List<io.rvnt.protocol.wire.OneTimePreKey> keys) {
    List<OneTimePreKey> out = new ArrayList<>(keys.size());
    for (io.rvnt.protocol.wire.OneTimePreKey key : keys) {
      out.add(fromProto(key));
    }
    return out;
  }

  private static List<io.rvnt.protocol.wire.OneTimePreKey> oneTimePreKeysToProto(List<OneTimePreKey> keys) {
    List<io.rvnt.protocol.wire.OneTimePreKey> out = new ArrayList<>(keys.size());
    for (OneTimePreKey key : keys) {
      out.add(toProto(key));
    }
    return out;
  }
}

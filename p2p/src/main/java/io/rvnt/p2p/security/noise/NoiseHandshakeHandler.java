package io.rvnt.p2p.security.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.UpgradeStage;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PubKey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p-noise handshake ({@code Noise_XX_25519_ChaChaPoly_SHA256}, empty prologue; see {@link NoiseXX}) on a
 * channel, as initiator
 * or responder. Messages travel in frames of a 2-byte big-endian length. Each side's payload carries its identity
 * key and a signature over {@code "noise-libp2p-static-key:"} + its Noise static key; the remote PeerId is derived
 * from that key and, on the initiator, checked against the one dialed before the third message is sent. On success
 * the handler puts a {@link NoiseTransportHandler} in its place and reports the outcome; on any failure it closes
 * the channel. Runs once.
 *
 * <p>A remote payload that verified is remembered with the static key it signed
 * ({@link io.rvnt.p2p.crypto.VerifiedBytes}, keyed by the static key, the signature and the identity key, all that
 * the check reads): a peer that reconnects with them, as js-libp2p and this host do (one static key per host), is
 * not verified again. The PeerId check on the initiator runs on every handshake.
 */
public final class NoiseHandshakeHandler extends UpgradeStage {

  /** Receives the outcome, on the channel's event loop. */
  public interface Outcome {
    /** Called after the transport handler is in place, before any decrypted byte is passed on. */
    void secured(ChannelHandlerContext ctx, NoiseSecured secured);

    void failed(ChannelHandlerContext ctx, P2pException cause);
  }

  private final NoiseHost host;
  private final boolean initiator;
  private final PeerId expectedPeer;
  private final List<String> localMuxers;
  private final Outcome outcome;
  private NoiseXX handshake;
  private NoisePayload remotePayload;
  private PeerId remotePeer;
  private boolean finished;

  /**
   * @param host what the handshakes of this host share (its keys, the cipher, the payloads that verified)
   * @param expectedPeer the PeerId dialed (initiator); null on a responder, which learns it from the handshake
   * @param localMuxers stream muxers offered in the handshake extensions, in preference order
   */
  public NoiseHandshakeHandler(NoiseHost host, boolean initiator, PeerId expectedPeer, List<String> localMuxers,
      Outcome outcome) {
    if (initiator && expectedPeer == null) {
      throw new IllegalArgumentException("an initiator must know the PeerId it dials");
    }
    this.host = host;
    this.initiator = initiator;
    this.expectedPeer = expectedPeer;
    this.localMuxers = List.copyOf(localMuxers);
    this.outcome = outcome;
  }

  @Override
  protected void start(ChannelHandlerContext ctx) {
    handshake = new NoiseXX(initiator, host.staticKey().privateKey(), host.random(), host.aead());
    if (initiator) {
      writeMessage(ctx, new byte[0]); // -> e
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (finished || handshake == null) {
      return;
    }
    try {
      while (!finished && in.readableBytes() >= 2) {
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < 2 + length) {
          return;
        }
        in.skipBytes(2);
        byte[] message = new byte[length];
        in.readBytes(message);
        onMessage(ctx, message);
      }
    } catch (P2pException e) {
      fail(ctx, e);
    } catch (RuntimeException e) {
      fail(ctx, new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise handshake failed", e));
    }
  }

  private void onMessage(ChannelHandlerContext ctx, byte[] message) {
    if (handshake.isMyTurn() || handshake.isComplete()) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message out of turn");
    }
    byte[] payload = handshake.readMessage(message);
    if (initiator) {
      // <- e, ee, s, es: the responder's identity arrives; check it before revealing ours.
      authenticate(payload);
      writeMessage(ctx, localPayload().encode()); // -> s, se
    } else if (remotePayload == null && handshake.isMyTurn()) {
      if (payload.length != 0) {
        throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: payload in the first message");
      }
      writeMessage(ctx, localPayload().encode()); // <- e, ee, s, es
    } else {
      authenticate(payload); // -> s, se
    }
    if (handshake.isComplete()) {
      finish(ctx);
    }
  }

  private void authenticate(byte[] payloadBytes) {
    NoisePayload payload = NoisePayload.decode(payloadBytes);
    byte[] remoteStatic = handshake.remoteStatic();
    byte[] checked = checkedBytes(remoteStatic, payload);
    PeerId peer = host.verifiedRemotes().get(checked);
    if (peer == null) {
      peer = verifiedPeer(remoteStatic, payload);
      host.verifiedRemotes().put(checked, peer);
    }
    if (expectedPeer != null && !expectedPeer.equals(peer)) {
      throw new P2pException(P2pException.Reason.PEER_ID_MISMATCH, "the remote is not the peer dialed");
    }
    remotePayload = payload;
    remotePeer = peer;
  }

  /** The PeerId of the payload's identity key, once its signature over the remote static key verified. */
  private static PeerId verifiedPeer(byte[] remoteStatic, NoisePayload payload) {
    PubKey key;
    try {
      key = Keys.unmarshalPublicKey(payload.identityKey());
    } catch (CryptoException e) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: unusable identity key", e);
    }
    if (!key.verify(NoiseStaticKey.signedMessage(remoteStatic), payload.identitySig())) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: bad static key signature");
    }
    return PeerId.fromPublicKey(key);
  }

  /**
   * Everything {@link #verifiedPeer} reads, in one unambiguous string of bytes: the static key (32 bytes, as
   * {@link NoiseXX} reads it), the signature's length and the signature, then the identity key.
   */
  static byte[] checkedBytes(byte[] remoteStatic, NoisePayload payload) {
    byte[] signature = payload.identitySig();
    byte[] identityKey = payload.identityKey();
    return ByteBuffer.allocate(remoteStatic.length + Integer.BYTES + signature.length + identityKey.length)
        .put(remoteStatic).putInt(signature.length).put(signature).put(identityKey).array();
  }

  private NoisePayload localPayload() {
    return new NoisePayload(host.identity().publicKey().bytes(),
        host.staticKey().signatureBy(host.identity()), localMuxers);
  }

  private void writeMessage(ChannelHandlerContext ctx, byte[] payload) {
    byte[] message = handshake.writeMessage(payload);
    ByteBuf frame = ctx.alloc().buffer(2 + message.length);
    frame.writeShort(message.length);
    frame.writeBytes(message);
    ctx.writeAndFlush(frame);
  }

  private void finish(ChannelHandlerContext ctx) {
    finished = true;
    NoiseCipher[] ciphers = handshake.split();
    ctx.pipeline().addAfter(ctx.name(), NoiseTransportHandler.NAME, new NoiseTransportHandler(ciphers[0], ciphers[1]));
    outcome.secured(ctx, new NoiseSecured(remotePeer, earlyMuxer()));
    // Removal passes the bytes that followed the last handshake message on to the transport handler.
    ctx.pipeline().remove(this);
  }

  /**
   * Inlined muxer negotiation: the first muxer of the initiator's list the responder lists too; none when either
   * side lists nothing (then multistream-select picks one).
   */
  private Optional<String> earlyMuxer() {
    List<String> remote = remotePayload.streamMuxers();
    if (remote.isEmpty() || localMuxers.isEmpty()) {
      return Optional.empty();
    }
    List<String> initiatorList = initiator ? localMuxers : remote;
    List<String> responderList = initiator ? remote : localMuxers;
    return Optional.of(initiatorList.stream().filter(responderList::contains).findFirst().orElseThrow(
        () -> new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "no common stream muxer")));
  }

  private void fail(ChannelHandlerContext ctx, P2pException cause) {
    if (finished) {
      return;
    }
    finished = true;
    outcome.failed(ctx, cause);
    ctx.close();
  }
}

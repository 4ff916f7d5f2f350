package io.rvnt.p2p.security.noise;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.crypto.PubKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p-noise handshake ({@code Noise_XX_25519_ChaChaPoly_SHA256}, empty prologue) on a channel, as initiator
 * or responder. Messages travel in frames of a 2-byte big-endian length. Each side's payload carries its identity
 * key and a signature over {@code "noise-libp2p-static-key:"} + its Noise static key; the remote PeerId is derived
 * from that key and, on the initiator, checked against the one dialed before the third message is sent. On success
 * the handler puts a {@link NoiseTransportHandler} in its place and reports the outcome; on any failure it closes
 * the channel. Runs once.
 */
public final class NoiseHandshakeHandler extends ByteToMessageDecoder {

  /** Signed together with the static key (libp2p-noise spec, "Static Key Authentication"). */
  static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** Receives the outcome, on the channel's event loop. */
  public interface Outcome {
    /** Called after the transport handler is in place, before any decrypted byte is passed on. */
    void secured(ChannelHandlerContext ctx, NoiseSecured secured);

    void failed(ChannelHandlerContext ctx, P2pException cause);
  }

  private final PrivKey identity;
  private final NoiseStaticKey staticKey;
  private final boolean initiator;
  private final PeerId expectedPeer;
  private final List<String> localMuxers;
  private final Outcome outcome;
  private HandshakeState handshake;
  private NoisePayload remotePayload;
  private PeerId remotePeer;
  private boolean finished;

  /**
   * @param expectedPeer the PeerId dialed (initiator); null on a responder, which learns it from the handshake
   * @param localMuxers stream muxers offered in the handshake extensions, in preference order
   */
  public NoiseHandshakeHandler(PrivKey identity, NoiseStaticKey staticKey, boolean initiator, PeerId expectedPeer,
      List<String> localMuxers, Outcome outcome) {
    if (initiator && expectedPeer == null) {
      throw new IllegalArgumentException("an initiator must know the PeerId it dials");
    }
    this.identity = identity;
    this.staticKey = staticKey;
    this.initiator = initiator;
    this.expectedPeer = expectedPeer;
    this.localMuxers = List.copyOf(localMuxers);
    this.outcome = outcome;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      begin(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    begin(ctx);
    super.channelActive(ctx);
  }

  private void begin(ChannelHandlerContext ctx) {
    if (handshake != null) {
      return;
    }
    try {
      handshake = new HandshakeState(PROTOCOL_NAME, initiator ? HandshakeState.INITIATOR : HandshakeState.RESPONDER);
      handshake.getLocalKeyPair().copyFrom(staticKey.keyPair());
      handshake.start();
      if (initiator) {
        writeMessage(ctx, new byte[0]); // -> e
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      fail(ctx, new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise start failed", e));
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
    } catch (GeneralSecurityException | RuntimeException e) {
      fail(ctx, new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise handshake failed", e));
    }
  }

  private void onMessage(ChannelHandlerContext ctx, byte[] message) throws GeneralSecurityException {
    if (handshake.getAction() != HandshakeState.READ_MESSAGE) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: message out of turn");
    }
    byte[] payload = new byte[message.length];
    int payloadLength = handshake.readMessage(message, 0, message.length, payload, 0);
    if (initiator) {
      // <- e, ee, s, es: the responder's identity arrives; check it before revealing ours.
      authenticate(Arrays.copyOf(payload, payloadLength));
      writeMessage(ctx, localPayload().encode()); // -> s, se
    } else if (remotePayload == null && handshake.getAction() == HandshakeState.WRITE_MESSAGE) {
      if (payloadLength != 0) {
        throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: payload in the first message");
      }
      writeMessage(ctx, localPayload().encode()); // <- e, ee, s, es
    } else {
      authenticate(Arrays.copyOf(payload, payloadLength)); // -> s, se
    }
    if (handshake.getAction() == HandshakeState.SPLIT) {
      finish(ctx);
    }
  }

  private void authenticate(byte[] payloadBytes) {
    NoisePayload payload = NoisePayload.decode(payloadBytes);
    PubKey key;
    try {
      key = Keys.unmarshalPublicKey(payload.identityKey());
    } catch (CryptoException e) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: unusable identity key", e);
    }
    byte[] remoteStatic = new byte[handshake.getRemotePublicKey().getPublicKeyLength()];
    handshake.getRemotePublicKey().getPublicKey(remoteStatic, 0);
    if (!key.verify(concat(SIGNATURE_PREFIX, remoteStatic), payload.identitySig())) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise: bad static key signature");
    }
    PeerId peer = PeerId.fromPublicKey(key);
    if (expectedPeer != null && !expectedPeer.equals(peer)) {
      throw new P2pException(P2pException.Reason.PEER_ID_MISMATCH, "the remote is not the peer dialed");
    }
    remotePayload = payload;
    remotePeer = peer;
  }

  private NoisePayload localPayload() {
    return new NoisePayload(identity.publicKey().bytes(),
        identity.sign(concat(SIGNATURE_PREFIX, staticKey.publicKey())), localMuxers);
  }

  private void writeMessage(ChannelHandlerContext ctx, byte[] payload) throws GeneralSecurityException {
    byte[] message = new byte[NoiseTransportHandler.MAX_FRAME];
    int length = handshake.writeMessage(message, 0, payload, 0, payload.length);
    ByteBuf frame = ctx.alloc().buffer(2 + length);
    frame.writeShort(length);
    frame.writeBytes(message, 0, length);
    ctx.writeAndFlush(frame);
  }

  private void finish(ChannelHandlerContext ctx) {
    finished = true;
    CipherStatePair ciphers = handshake.split();
    handshake.destroy();
    ctx.pipeline().addAfter(ctx.name(), NoiseTransportHandler.NAME, new NoiseTransportHandler(ciphers));
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
    if (handshake != null) {
      handshake.destroy();
    }
    outcome.failed(ctx, cause);
    ctx.close();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

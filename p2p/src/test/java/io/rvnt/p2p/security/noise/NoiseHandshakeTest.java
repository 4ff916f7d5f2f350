package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.KeyType;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PeerId;
import io.rvnt.p2p.crypto.CofactoredOnlyKey;
import io.rvnt.p2p.crypto.PrivKey;
import io.rvnt.p2p.crypto.PubKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One side of a handshake in an EmbeddedChannel, with its outcome. */
  private static final class Side implements NoiseHandshakeHandler.Outcome {
    final CompletableFuture<NoiseSecured> secured = new CompletableFuture<>();
    final EmbeddedChannel channel;

    Side(PrivKey key, boolean initiator, PeerId expected, List<String> muxers) {
      this(host(key), initiator, expected, muxers);
    }

    Side(NoiseHost host, boolean initiator, PeerId expected, List<String> muxers) {
      channel = new EmbeddedChannel(new NoiseHandshakeHandler(host, initiator, expected, muxers, this));
    }

    @Override
    public void secured(ChannelHandlerContext ctx, NoiseSecured result) {
      secured.complete(result);
    }

    @Override
    public void failed(ChannelHandlerContext ctx, P2pException cause) {
      secured.completeExceptionally(cause);
    }
  }

  private static NoiseHost host(PrivKey key) {
    return NoiseHost.create(key, ChaChaPoly.preferred(), RANDOM, P2pLimits.DEFAULTS.verifiedNoiseKeys());
  }

  private static PeerId peerOf(PrivKey key) {
    return PeerId.fromPublicKey(key.publicKey());
  }

  /** Moves bytes between the two channels until neither has anything to send. */
  private static void pump(Side a, Side b) {
    boolean moved = true;
    while (moved) {
      moved = move(a.channel, b.channel) | move(b.channel, a.channel);
    }
  }

  private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    ByteBuf buf;
    while ((buf = from.readOutbound()) != null) {
      moved = true;
      if (to.isOpen()) {
        to.writeInbound(buf);
      } else {
        buf.release();
      }
    }
    return moved;
  }

  private static P2pException.Reason failureOf(Side side) {
    assertThat(side.secured).isCompletedExceptionally();
    return side.secured.handle((v, e) -> ((P2pException) e).reason()).join();
  }

  @Test
  void bothSidesLearnTheOthersPeerIdAndAgreeOnTheMuxer() {
    PrivKey ik = Keys.generateEd25519(RANDOM);
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(ik, true, PeerId.fromPublicKey(rk.publicKey()), List.of("/yamux/1.0.0"));
    Side responder = new Side(rk, false, null, List.of("/yamux/1.0.0"));
    pump(initiator, responder);
    assertThat(initiator.secured.join().remotePeerId()).isEqualTo(PeerId.fromPublicKey(rk.publicKey()));
    assertThat(responder.secured.join().remotePeerId()).isEqualTo(PeerId.fromPublicKey(ik.publicKey()));
    assertThat(initiator.secured.join().earlyMuxer()).hasValue("/yamux/1.0.0");
    assertThat(responder.secured.join().earlyMuxer()).hasValue("/yamux/1.0.0");
    assertThat(initiator.channel.pipeline().get(NoiseHandshakeHandler.class)).as("runs once").isNull();

    initiator.channel.writeOutbound(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
    pump(initiator, responder);
    ByteBuf plain = responder.channel.readInbound();
    assertThat(plain.toString(StandardCharsets.UTF_8)).as("transport messages decrypt").isEqualTo("hello");
    plain.release();
    initiator.channel.finishAndReleaseAll();
    responder.channel.finishAndReleaseAll();
  }

  @Test
  void leavesTheMuxerToMultistreamWhenTheRemoteListsNone() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(Keys.generateEd25519(RANDOM), true, PeerId.fromPublicKey(rk.publicKey()),
        List.of("/yamux/1.0.0"));
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    assertThat(initiator.secured.join().earlyMuxer()).isEmpty();
    assertThat(responder.secured.join().earlyMuxer()).isEmpty();
  }

  @Test
  void initiatorRefusesAResponderWithAnotherPeerIdBeforeRevealingItself() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519(RANDOM).publicKey());
    Side initiator = new Side(Keys.generateEd25519(RANDOM), true, someoneElse, List.of());
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    assertThat(failureOf(initiator)).isEqualTo(P2pException.Reason.PEER_ID_MISMATCH);
    assertThat(initiator.channel.isOpen()).isFalse();
    assertThat(responder.secured).as("the responder never learns the initiator's identity").isNotDone();
  }

  @Test
  void initiatorRefusesABadStaticKeySignature() {
    PrivKey liar = Impersonating.signingWithAnotherKey(Keys.generateEd25519(RANDOM));
    Side initiator = new Side(Keys.generateEd25519(RANDOM), true, PeerId.fromPublicKey(liar.publicKey()), List.of());
    Side responder = new Side(liar, false, null, List.of());
    pump(initiator, responder);
    assertThat(failureOf(initiator)).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
  }

  @Test
  void responderRefusesABadStaticKeySignature() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(Impersonating.signingWithAnotherKey(Keys.generateEd25519(RANDOM)), true,
        PeerId.fromPublicKey(rk.publicKey()), List.of());
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    assertThat(failureOf(responder)).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
    assertThat(responder.channel.isOpen()).isFalse();
  }

  @Test
  void responderRefusesAStaticKeySignatureThatHoldsOnlyUnderTheCofactoredEquation() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(new CofactoredOnlyKey(RANDOM), true, PeerId.fromPublicKey(rk.publicKey()), List.of());
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    assertThat(failureOf(responder)).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
    assertThat(responder.channel.isOpen()).isFalse();
  }

  @Test
  void responderRefusesGarbageInsteadOfAHandshakeMessage() {
    Side responder = new Side(Keys.generateEd25519(RANDOM), false, null, List.of());
    responder.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x05, 1, 2, 3, 4, 5}));
    assertThat(failureOf(responder)).isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
    assertThat(responder.channel.isOpen()).isFalse();
  }

  @Test
  void closesTheConnectionOnATamperedTransportFrame() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(Keys.generateEd25519(RANDOM), true, PeerId.fromPublicKey(rk.publicKey()), List.of());
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    initiator.channel.writeOutbound(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
    ByteBuf frame = initiator.channel.readOutbound();
    frame.setByte(5, frame.getByte(5) ^ 1);
    // EmbeddedChannel re-throws what the pipeline raised, wrapped by the decoder.
    Throwable thrown = catchThrowable(() -> responder.channel.writeInbound(frame));
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof P2pException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("the frame is refused for failing authentication: %s", thrown)
        .isInstanceOfSatisfying(P2pException.class, e -> {
          assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION);
          assertThat(e).hasMessageContaining("failed authentication");
        });
    assertThat(responder.channel.isOpen()).as("a frame failing authentication ends the connection").isFalse();
  }

  @Test
  void splitsLargeWritesIntoFramesOfAtMost65535Bytes() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    Side initiator = new Side(Keys.generateEd25519(RANDOM), true, PeerId.fromPublicKey(rk.publicKey()), List.of());
    Side responder = new Side(rk, false, null, List.of());
    pump(initiator, responder);
    initiator.channel.writeOutbound(Unpooled.wrappedBuffer(new byte[200_000]));
    ByteBuf wire = initiator.channel.readOutbound();
    int frames = 0;
    while (wire.isReadable()) {
      int length = wire.readUnsignedShort();
      assertThat(length).isLessThanOrEqualTo(65535);
      wire.skipBytes(length);
      frames++;
    }
    assertThat(frames).isEqualTo(4);
    wire.release();
  }

  @Test
  void aResponderRemembersAVerifiedPayloadAndRecognisesThePeerReconnectingWithIt() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    NoiseHost responderHost = host(rk);
    NoiseHost initiatorHost = host(Keys.generateEd25519(RANDOM));
    for (int connection = 1; connection <= 3; connection++) {
      Side initiator = new Side(initiatorHost, true, peerOf(rk), List.of());
      Side responder = new Side(responderHost, false, null, List.of());
      pump(initiator, responder);
      assertThat(responder.secured.join().remotePeerId()).as("connection %d: the initiator's PeerId", connection)
          .isEqualTo(peerOf(initiatorHost.identity()));
    }
    assertThat(responderHost.verifiedRemotes().size())
        .as("one peer reconnecting with one static key is remembered once").isEqualTo(1);
  }

  @Test
  void aRememberedPayloadStandsForItsVerification() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    NoiseHost responderHost = host(rk);
    NoiseHost initiatorHost = host(Keys.generateEd25519(RANDOM));
    NoisePayload initiatorPayload = new NoisePayload(initiatorHost.identity().publicKey().bytes(),
        initiatorHost.staticKey().signatureBy(initiatorHost.identity()), List.of());
    PeerId planted = peerOf(Keys.generateEd25519(RANDOM));
    responderHost.verifiedRemotes().put(
        NoiseHandshakeHandler.checkedBytes(initiatorHost.staticKey().publicKey(), initiatorPayload), planted);

    Side initiator = new Side(initiatorHost, true, peerOf(rk), List.of());
    Side responder = new Side(responderHost, false, null, List.of());
    pump(initiator, responder);

    assertThat(responder.secured.join().remotePeerId())
        .as("the entry for exactly these bytes is used instead of verifying them again").isEqualTo(planted);
  }

  @Test
  void aVerifiedSignatureReplayedWithAnotherStaticKeyIsVerifiedInFullAndRefused() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    NoiseHost responderHost = host(rk);
    NoiseHost honest = host(Keys.generateEd25519(RANDOM));
    Side first = new Side(honest, true, peerOf(rk), List.of());
    Side firstResponder = new Side(responderHost, false, null, List.of());
    pump(first, firstResponder);
    assertThat(firstResponder.secured.join().remotePeerId()).as("the honest peer first").isEqualTo(
        peerOf(honest.identity()));

    // The honest peer's identity key and signature, presented with a static key of the replayer's own.
    byte[] recorded = honest.staticKey().signatureBy(honest.identity());
    NoiseHost replayer = host(Impersonating.replaying(honest.identity(), recorded));
    Side replay = new Side(replayer, true, peerOf(rk), List.of());
    Side responder = new Side(responderHost, false, null, List.of());
    pump(replay, responder);

    assertThat(failureOf(responder)).as("the signature does not cover the new static key")
        .isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
    assertThat(responderHost.verifiedRemotes().size()).as("only the honest payload is remembered").isEqualTo(1);
  }

  @Test
  void aRefusedPayloadIsNeverRememberedAndIsRefusedEveryTime() {
    PrivKey rk = Keys.generateEd25519(RANDOM);
    NoiseHost responderHost = host(rk);
    NoiseHost liar = host(Impersonating.signingWithAnotherKey(Keys.generateEd25519(RANDOM)));
    for (int attempt = 1; attempt <= 2; attempt++) {
      Side initiator = new Side(liar, true, peerOf(rk), List.of());
      Side responder = new Side(responderHost, false, null, List.of());
      pump(initiator, responder);
      assertThat(failureOf(responder)).as("attempt %d refused", attempt)
          .isEqualTo(P2pException.Reason.HANDSHAKE_FAILED);
    }
    assertThat(responderHost.verifiedRemotes().size()).as("nothing refused is remembered").isZero();
  }

  @Test
  void anInitiatorChecksThePeerIdDialedEvenForARememberedResponder() {
    NoiseHost responderHost = host(Keys.generateEd25519(RANDOM));
    NoiseHost initiatorHost = host(Keys.generateEd25519(RANDOM));
    Side first = new Side(initiatorHost, true, peerOf(responderHost.identity()), List.of());
    pump(first, new Side(responderHost, false, null, List.of()));
    assertThat(first.secured.join().remotePeerId()).as("the responder, verified and remembered")
        .isEqualTo(peerOf(responderHost.identity()));

    PeerId someoneElse = peerOf(Keys.generateEd25519(RANDOM));
    Side second = new Side(initiatorHost, true, someoneElse, List.of());
    pump(second, new Side(responderHost, false, null, List.of()));

    assertThat(failureOf(second)).as("the remembered responder is not the peer dialed this time")
        .isEqualTo(P2pException.Reason.PEER_ID_MISMATCH);
  }

  /** A key that claims one public key and signs with {@code signer}: what a forged payload looks like. */
  private static final class Impersonating implements PrivKey {
    private final PrivKey claimed;
    private final UnaryOperator<byte[]> signer;

    Impersonating(PrivKey claimed, UnaryOperator<byte[]> signer) {
      this.claimed = claimed;
      this.signer = signer;
    }

    /** Signs with another, fresh key. */
    static Impersonating signingWithAnotherKey(PrivKey claimed) {
      return new Impersonating(claimed, Keys.generateEd25519(RANDOM)::sign);
    }

    /** Answers every request to sign with one signature recorded from the claimed key. */
    static Impersonating replaying(PrivKey claimed, byte[] recorded) {
      byte[] signature = recorded.clone();
      return new Impersonating(claimed, data -> signature.clone());
    }

    @Override
    public KeyType type() {
      return KeyType.ED25519;
    }

    @Override
    public PubKey publicKey() {
      return claimed.publicKey();
    }

    @Override
    public byte[] sign(byte[] data) {
      return signer.apply(data);
    }

    @Override
    public byte[] bytes() {
      return claimed.bytes();
    }
  }
}

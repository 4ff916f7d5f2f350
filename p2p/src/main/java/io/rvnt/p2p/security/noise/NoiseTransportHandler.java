package io.rvnt.p2p.security.noise;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.CipherStatePair;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.rvnt.p2p.core.P2pException;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The libp2p-noise transport phase: every message is one frame of a 2-byte big-endian length (at most 65535 bytes,
 * so at most 65519 bytes of plaintext) holding ChaChaPoly ciphertext. Decrypts inbound frames into plaintext
 * buffers, and splits outbound plaintext into frames. A frame that fails to decrypt closes the connection.
 */
public final class NoiseTransportHandler extends ByteToMessageCodec<ByteBuf> {

  static final String NAME = "noise";

  /** The spec's frame limit: the length prefix is 2 bytes. */
  static final int MAX_FRAME = 65535;

  /** Poly1305 tag length. */
  static final int TAG = 16;

  static final int MAX_PLAINTEXT = MAX_FRAME - TAG;

  private final CipherState sender;
  private final CipherState receiver;
  private final byte[] scratch = new byte[MAX_FRAME];

  NoiseTransportHandler(CipherStatePair ciphers) {
    super(ByteBuf.class);
    this.sender = ciphers.getSender();
    this.receiver = ciphers.getReceiver();
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) throws GeneralSecurityException {
    out.ensureWritable(msg.readableBytes() + (msg.readableBytes() / MAX_PLAINTEXT + 1) * (2 + TAG));
    while (msg.isReadable()) {
      int chunk = Math.min(MAX_PLAINTEXT, msg.readableBytes());
      byte[] plain = new byte[chunk + TAG];
      msg.readBytes(plain, 0, chunk);
      int length = sender.encryptWithAd(null, plain, 0, plain, 0, chunk);
      out.writeShort(length);
      out.writeBytes(plain, 0, length);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        return;
      }
      if (length < TAG) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: frame shorter than its tag");
      }
      in.skipBytes(2);
      in.readBytes(scratch, 0, length);
      int plain;
      try {
        plain = receiver.decryptWithAd(null, scratch, 0, scratch, 0, length);
      } catch (GeneralSecurityException e) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: frame failed to decrypt", e);
      }
      if (plain > 0) {
        ByteBuf buf = ctx.alloc().buffer(plain);
        buf.writeBytes(scratch, 0, plain);
        out.add(buf);
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    super.handlerRemoved(ctx);
    sender.destroy();
    receiver.destroy();
  }
}

package io.rvnt.p2p.security.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.rvnt.p2p.core.P2pException;
import java.util.List;

/**
 * The libp2p-noise transport phase: every message is one frame of a 2-byte big-endian length (at most 65535 bytes,
 * so at most 65519 bytes of plaintext) holding ChaChaPoly ciphertext. Decrypts inbound frames into plaintext
 * buffers, and splits outbound plaintext into frames. A frame that fails to decrypt closes the connection, and
 * nothing after it is decrypted: Netty decodes what is left once more when the connection closes, and the frames
 * behind a dropped one would otherwise still authenticate (the failed one used up its nonce) and reach the
 * application with a gap, a deletion that no one noticed (found by the noise-transport fuzz target).
 */
public final class NoiseTransportHandler extends ByteToMessageCodec<ByteBuf> {

  static final String NAME = "noise";

  /** The spec's frame limit: the length prefix is 2 bytes. */
  static final int MAX_FRAME = 65535;

  /** Poly1305 tag length. */
  static final int TAG = 16;

  static final int MAX_PLAINTEXT = MAX_FRAME - TAG;

  private final NoiseCipher sender;
  private final NoiseCipher receiver;
  private boolean failed;

  NoiseTransportHandler(NoiseCipher sender, NoiseCipher receiver) {
    // Frames are encrypted in place in the buffers the cipher wants: direct for Conscrypt, heap for the JDK's.
    super(ByteBuf.class, sender.aead().directBuffers());
    this.sender = sender;
    this.receiver = receiver;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
    int chunks = (msg.readableBytes() + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
    out.ensureWritable(msg.readableBytes() + chunks * (2 + TAG));
    while (msg.isReadable()) {
      int chunk = Math.min(MAX_PLAINTEXT, msg.readableBytes());
      out.writeShort(chunk + TAG);
      int start = out.writerIndex();
      msg.readBytes(out, chunk);
      out.writerIndex(start + sender.encrypt(out, start, chunk));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodeFrames(ctx, in, out);
    } catch (P2pException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        return;
      }
      if (length < TAG) {
        throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "noise: frame shorter than its tag");
      }
      in.skipBytes(2);
      // Decrypt in place in a pooled buffer that then travels on as the plaintext: one copy per frame.
      ByteBuf frame = receiver.aead().directBuffers()
          ? ctx.alloc().directBuffer(length) : ctx.alloc().heapBuffer(length);
      in.readBytes(frame, length);
      int plain;
      try {
        plain = receiver.decrypt(frame, 0, length);
      } catch (P2pException e) {
        frame.release();
        throw e;
      }
      if (plain > 0) {
        frame.writerIndex(plain);
        out.add(frame);
      } else {
        frame.release();
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
    ctx.fireExceptionCaught(cause);
  }
}

package io.rvnt.p2p.security.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.rvnt.p2p.core.P2pException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The NoiseHandshakePayload of the libp2p-noise spec: {@code identity_key = 1}, {@code identity_sig = 2},
 * {@code extensions = 4} (NoiseExtensions: {@code webtransport_certhashes = 1}, {@code stream_muxers = 2}).
 * Unknown fields are skipped, as protobuf requires.
 */
record NoisePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {

  /** Most stream muxer names accepted from one payload; real peers list two or three. */
  static final int MAX_MUXERS = 16;

  byte[] encode() {
    try {
      ByteArrayOutputStream extensions = new ByteArrayOutputStream();
      CodedOutputStream ext = CodedOutputStream.newInstance(extensions);
      for (String muxer : streamMuxers) {
        ext.writeString(2, muxer);
      }
      ext.flush();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, identityKey);
      out.writeByteArray(2, identitySig);
      if (extensions.size() > 0) {
        out.writeByteArray(4, extensions.toByteArray());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError("writing to memory does not fail", e);
    }
  }

  static NoisePayload decode(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      byte[] key = null;
      byte[] sig = null;
      List<String> muxers = new ArrayList<>();
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> key = in.readByteArray();
          case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> sig = in.readByteArray();
          case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readExtensions(in.readBytes(), muxers);
          default -> in.skipField(tag);
        }
      }
      if (key == null || sig == null) {
        throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "noise payload without identity key or sig");
      }
      return new NoisePayload(key, sig, List.copyOf(muxers));
    } catch (IOException e) {
      throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "malformed noise payload", e);
    }
  }

  private static void readExtensions(ByteString bytes, List<String> muxers) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        if (muxers.size() == MAX_MUXERS) {
          throw new P2pException(P2pException.Reason.HANDSHAKE_FAILED, "too many stream muxers in noise payload");
        }
        muxers.add(in.readStringRequireUtf8());
      } else {
        in.skipField(tag);
      }
    }
  }
}

package io.rvnt.relay.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Blob sizes (spec §4.4): a relay accepts a blob only if its length is one of {@link #SIZES}, so that the size of a
 * stored envelope says no more than which of four classes it is in. The sizes are the protocol's, not a relay's
 * setting: were they to differ between relays, a blob's size would tell which relays a sender uses.
 *
 * <p>{@link #pad} and {@link #unpad} are the reference client's layout of a blob, {@code u32be(length) || content ||
 * zero bytes}, for content that is already encrypted; the relay never looks inside a blob.
 */
public final class Padding {

  /** 1 KiB, 4 KiB, 16 KiB, 64 KiB. */
  public static final List<Integer> SIZES = List.of(1024, 4096, 16_384, 65_536);
  public static final int MAX_BLOB_BYTES = 65_536;
  /** The largest content {@link #pad} takes: the largest size less the four length bytes. */
  public static final int MAX_CONTENT_BYTES = MAX_BLOB_BYTES - 4;

  private Padding() {}

  public static boolean isPaddedSize(int length) {
    return SIZES.contains(length);
  }

  /** The smallest size that holds {@code contentLength} bytes of content and their length. */
  public static int sizeFor(int contentLength) {
    for (int size : SIZES) {
      if (contentLength + 4 <= size) {
        return size;
      }
    }
    throw new IllegalArgumentException("content above " + MAX_CONTENT_BYTES + " bytes does not fit in a blob");
  }

  public static byte[] pad(byte[] content) {
    byte[] blob = new byte[sizeFor(content.length)];
    System.arraycopy(RelayIds.u32be(content.length), 0, blob, 0, 4);
    System.arraycopy(content, 0, blob, 4, content.length);
    return blob;
  }

  /** The content of a blob in the reference layout; empty if the blob is not in that layout. */
  public static Optional<byte[]> unpad(byte[] blob) {
    if (blob.length < 4 || !isPaddedSize(blob.length)) {
      return Optional.empty();
    }
    long length = ((blob[0] & 0xffL) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
    if (length > blob.length - 4) {
      return Optional.empty();
    }
    for (int i = 4 + (int) length; i < blob.length; i++) {
      if (blob[i] != 0) {
        return Optional.empty();
      }
    }
    return Optional.of(Arrays.copyOfRange(blob, 4, 4 + (int) length));
  }
}

package io.rvnt.p2p.dns;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the data of one TXT record (RFC 1035 section 3.3.14): one or more character-strings, each a length byte
 * and that many bytes. The strings are joined into one text, as RFC 7208 section 3.3 reads them, and decoded as
 * UTF-8 (a byte that is not becomes U+FFFD, which no multiaddr contains).
 */
final class TxtData {

  private TxtData() {}

  /** The text of {@code data}, read from its reader index to its writer index; {@code data} is not changed. */
  static String decode(ByteBuf data) {
    ByteArrayOutputStream text = new ByteArrayOutputStream(data.readableBytes());
    int index = data.readerIndex();
    int end = data.writerIndex();
    if (index == end) {
      throw new DnsaddrException(DnsaddrException.Reason.MALFORMED_ANSWER, "a TXT record without a string");
    }
    while (index < end) {
      int length = data.getUnsignedByte(index++);
      if (length > end - index) {
        throw new DnsaddrException(DnsaddrException.Reason.MALFORMED_ANSWER,
            "a TXT string runs past the end of its record");
      }
      byte[] bytes = new byte[length];
      data.getBytes(index, bytes);
      text.writeBytes(bytes);
      index += length;
    }
    return text.toString(StandardCharsets.UTF_8);
  }
}

package io.rvnt.p2p.discovery.mdns;

import io.rvnt.p2p.discovery.mdns.MdnsException.Reason;
import io.rvnt.protocol.text.StrictUtf8;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DNS message format of RFC 1035 §4 as mDNS (RFC 6762 §18) uses it, strict and bounded by {@link DnsLimits}.
 * Decoding follows compression pointers only strictly backwards, so a pointer loop cannot make it spin; encoding
 * writes names uncompressed. Thread-safe (stateless).
 */
public final class DnsCodec {

  private static final int HEADER_BYTES = 12;
  private static final int FLAG_QR = 0x8000;
  private static final int FLAG_AA = 0x0400;
  private static final int OPCODE_MASK = 0x7800;
  private static final int RCODE_MASK = 0x000F;
  private static final int TOP_BIT = 0x8000;

  private final DnsLimits limits;

  public DnsCodec(DnsLimits limits) {
    this.limits = limits;
  }

  public DnsLimits limits() {
    return limits;
  }

  /** Decodes one packet; refuses it whole on the first violation. */
  public DnsMessage decode(byte[] packet) throws MdnsException {
    if (packet.length > limits.maxPacketBytes()) {
      throw new MdnsException(Reason.TOO_LARGE, packet.length + " bytes, at most " + limits.maxPacketBytes());
    }
    Reader in = new Reader(packet);
    int id = in.u16();
    int flags = in.u16();
    int[] counts = {in.u16(), in.u16(), in.u16(), in.u16()};
    if ((flags & OPCODE_MASK) != 0 || (flags & RCODE_MASK) != 0) {
      throw new MdnsException(Reason.BAD_HEADER, "opcode and response code must be 0");
    }
    if (Arrays.stream(counts).sum() > limits.maxRecords()) {
      throw new MdnsException(Reason.TOO_MANY_RECORDS, "at most " + limits.maxRecords() + " records");
    }
    List<DnsQuestion> questions = new ArrayList<>(counts[0]);
    for (int i = 0; i < counts[0]; i++) {
      DnsName name = in.name();
      int type = in.u16();
      int dnsClass = in.u16();
      questions.add(new DnsQuestion(name, type, dnsClass & ~TOP_BIT, (dnsClass & TOP_BIT) != 0));
    }
    List<DnsRecord> answers = records(in, counts[1]);
    List<DnsRecord> authorities = records(in, counts[2]);
    List<DnsRecord> additionals = records(in, counts[3]);
    return new DnsMessage(id, (flags & FLAG_QR) != 0, questions, answers, authorities, additionals);
  }

  /** Encodes {@code message}; a response is marked authoritative (RFC 6762 §18.4). */
  public byte[] encode(DnsMessage message) throws MdnsException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    u16(out, message.id());
    u16(out, message.response() ? FLAG_QR | FLAG_AA : 0);
    u16(out, message.questions().size());
    u16(out, message.answers().size());
    u16(out, message.authorities().size());
    u16(out, message.additionals().size());
    for (DnsQuestion q : message.questions()) {
      name(out, q.name());
      u16(out, q.type());
      u16(out, q.dnsClass() | (q.unicastResponse() ? TOP_BIT : 0));
    }
    for (List<DnsRecord> section : List.of(message.answers(), message.authorities(), message.additionals())) {
      for (DnsRecord r : section) {
        record(out, r);
      }
    }
    if (out.size() > limits.maxPacketBytes()) {
      throw new MdnsException(Reason.TOO_LARGE, out.size() + " bytes, at most " + limits.maxPacketBytes());
    }
    return out.toByteArray();
  }

  private List<DnsRecord> records(Reader in, int count) throws MdnsException {
    List<DnsRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DnsName name = in.name();
      int type = in.u16();
      int dnsClass = in.u16();
      long ttl = in.u32() & 0x7FFF_FFFFL; // RFC 2181 §8: a TTL with the top bit set is read as 0..2^31-1
      int length = in.u16();
      int end = in.pos + length;
      if (end > in.bytes.length) {
        throw new MdnsException(Reason.TRUNCATED, "record data beyond the packet");
      }
      DnsRecord.Data data = data(in, type, length, end);
      if (in.pos != end) {
        throw new MdnsException(Reason.BAD_RECORD_DATA, "record data of type " + type + " has trailing bytes");
      }
      out.add(new DnsRecord(name, type, dnsClass & ~TOP_BIT, (dnsClass & TOP_BIT) != 0, ttl, data));
    }
    return out;
  }

  private DnsRecord.Data data(Reader in, int type, int length, int end) throws MdnsException {
    switch (type) {
      case DnsRecord.TYPE_PTR:
        return new DnsRecord.Ptr(in.nameWithin(end));
      case DnsRecord.TYPE_SRV:
        if (length < 7) {
          throw new MdnsException(Reason.BAD_RECORD_DATA, "SRV data of " + length + " bytes");
        }
        return new DnsRecord.Srv(in.u16(), in.u16(), in.u16(), in.nameWithin(end));
      case DnsRecord.TYPE_TXT:
        if (length > limits.maxTxtBytes()) {
          throw new MdnsException(Reason.TXT_TOO_LARGE, length + " bytes, at most " + limits.maxTxtBytes());
        }
        List<byte[]> strings = new ArrayList<>();
        while (in.pos < end) {
          int n = in.u8();
          if (in.pos + n > end) {
            throw new MdnsException(Reason.BAD_RECORD_DATA, "TXT string beyond its record");
          }
          strings.add(in.bytes(n));
        }
        return new DnsRecord.Txt(strings);
      case DnsRecord.TYPE_A:
      case DnsRecord.TYPE_AAAA:
        int size = type == DnsRecord.TYPE_A ? 4 : 16;
        if (length != size) {
          throw new MdnsException(Reason.BAD_RECORD_DATA, "address record of " + length + " bytes");
        }
        try {
          return new DnsRecord.Address(InetAddress.getByAddress(in.bytes(size)));
        } catch (UnknownHostException e) {
          throw new AssertionError("4 or 16 bytes are always an address", e);
        }
      default:
        return new DnsRecord.Opaque(in.bytes(length));
    }
  }

  private void record(ByteArrayOutputStream out, DnsRecord r) throws MdnsException {
    name(out, r.name());
    u16(out, r.type());
    u16(out, r.dnsClass() | (r.cacheFlush() ? TOP_BIT : 0));
    u16(out, (int) (r.ttlSeconds() >>> 16));
    u16(out, (int) r.ttlSeconds());
    ByteArrayOutputStream data = new ByteArrayOutputStream(64);
    if (r.data() instanceof DnsRecord.Ptr p) {
      name(data, p.target());
    } else if (r.data() instanceof DnsRecord.Srv s) {
      u16(data, s.priority());
      u16(data, s.weight());
      u16(data, s.port());
      name(data, s.target());
    } else if (r.data() instanceof DnsRecord.Txt t) {
      for (byte[] s : t.strings()) {
        data.write(s.length);
        data.writeBytes(s);
      }
      if (t.strings().isEmpty()) {
        data.write(0); // RFC 6763 §6.1: an empty TXT record holds one empty string
      }
      if (data.size() > limits.maxTxtBytes()) {
        throw new MdnsException(Reason.TXT_TOO_LARGE, data.size() + " bytes, at most " + limits.maxTxtBytes());
      }
    } else if (r.data() instanceof DnsRecord.Address a) {
      data.writeBytes(a.address().getAddress());
    } else if (r.data() instanceof DnsRecord.Opaque o) {
      data.writeBytes(o.bytes());
    }
    u16(out, data.size());
    out.writeBytes(data.toByteArray());
  }

  private static void name(ByteArrayOutputStream out, DnsName name) {
    for (String label : name.labels()) {
      byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8 & 0xFF);
    out.write(value & 0xFF);
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A bounds-checked cursor over one packet. */
  private static final class Reader {
    final byte[] bytes;
    int pos;

    Reader(byte[] bytes) throws MdnsException {
      if (bytes.length < HEADER_BYTES) {
        throw new MdnsException(Reason.TRUNCATED, "shorter than the 12-byte header");
      }
      this.bytes = bytes;
    }

    int u8() throws MdnsException {
      need(1);
      return bytes[pos++] & 0xFF;
    }

    int u16() throws MdnsException {
      need(2);
      int v = (bytes[pos] & 0xFF) << 8 | bytes[pos + 1] & 0xFF;
      pos += 2;
      return v;
    }

    long u32() throws MdnsException {
      return (long) u16() << 16 | u16();
    }

    byte[] bytes(int n) throws MdnsException {
      need(n);
      byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
      pos += n;
      return out;
    }

    private void need(int n) throws MdnsException {
      if (pos + n > bytes.length) {
        throw new MdnsException(Reason.TRUNCATED, "the packet ends early");
      }
    }

    /** A name inside record data ending at {@code end}: its uncompressed part must not run past it. */
    DnsName nameWithin(int end) throws MdnsException {
      DnsName name = name();
      if (pos > end) {
        throw new MdnsException(Reason.BAD_RECORD_DATA, "a name runs past its record");
      }
      return name;
    }

    /**
     * Reads a name at the cursor (RFC 1035 §4.1.4). Each pointer must point before the start of the labels read
     * so far, so the positions visited strictly decrease and the walk ends within the packet's length.
     */
    DnsName name() throws MdnsException {
      List<String> labels = new ArrayList<>();
      int at = pos;
      int segmentStart = pos;
      int resume = -1;
      int wireBytes = 1;
      while (true) {
        if (at >= bytes.length) {
          throw new MdnsException(Reason.TRUNCATED, "a name runs past the packet");
        }
        int length = bytes[at] & 0xFF;
        if ((length & 0xC0) == 0xC0) {
          if (at + 1 >= bytes.length) {
            throw new MdnsException(Reason.TRUNCATED, "a compression pointer runs past the packet");
          }
          int target = (length & 0x3F) << 8 | bytes[at + 1] & 0xFF;
          if (target >= segmentStart) {
            throw new MdnsException(Reason.COMPRESSION_LOOP, "a compression pointer does not point backwards");
          }
          if (resume < 0) {
            resume = at + 2;
          }
          segmentStart = target;
          at = target;
        } else if ((length & 0xC0) != 0) {
          throw new MdnsException(Reason.BAD_NAME, "reserved label type");
        } else if (length == 0) {
          pos = resume >= 0 ? resume : at + 1;
          return new DnsName(labels);
        } else {
          wireBytes += 1 + length;
          if (wireBytes > DnsName.MAX_NAME_BYTES) {
            throw new MdnsException(Reason.BAD_NAME, "a name above 255 bytes");
          }
          if (at + 1 + length > bytes.length) {
            throw new MdnsException(Reason.TRUNCATED, "a label runs past the packet");
          }
          labels.add(utf8(Arrays.copyOfRange(bytes, at + 1, at + 1 + length)));
          at += 1 + length;
        }
      }
    }

    private static String utf8(byte[] label) throws MdnsException {
      try {
        return StrictUtf8.decode(label);
      } catch (StrictUtf8.NotUtf8 e) {
        throw new MdnsException(Reason.BAD_NAME, "a label is not UTF-8 (RFC 6762 §16)");
      }
    }
  }
}

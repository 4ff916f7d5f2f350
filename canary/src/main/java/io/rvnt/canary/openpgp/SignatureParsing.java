package io.rvnt.canary.openpgp;

import io.rvnt.protocol.text.StrictUtf8;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** Reads signature files: a detached signature (armored or binary) and the cleartext signature framework. */
final class SignatureParsing {
  static final String BEGIN_SIGNED_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
  static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

  private SignatureParsing() {}

  /** A problem in a signature file, as a one-line reason. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** A clear-signed message taken apart: the hash names its header lists, its text lines, its signature. */
  record ClearSigned(List<String> hashNames, List<String> lines, PGPSignature signature) {
    /** The text as lines ending in LF, trailing spaces and tabs removed. */
    String strippedText() {
      StringBuilder text = new StringBuilder();
      for (String line : lines) {
        text.append(CanonicalText.stripTrailingBlanks(line)).append('\n');
      }
      return text.toString();
    }

    byte[] signedBytes() {
      return CanonicalText.of(strippedText());
    }
  }

  /** Exactly one signature packet, armored or not. */
  static PGPSignature detached(byte[] bytes, String what) throws Malformed {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object first = factory.nextObject();
      if (!(first instanceof PGPSignatureList signatures) || signatures.size() != 1) {
        throw new Malformed(what + " does not hold exactly one OpenPGP signature");
      }
      if (factory.nextObject() != null) {
        throw new Malformed(what + " holds more than one signature packet");
      }
      return signatures.get(0);
    } catch (IOException | RuntimeException e) {
      throw new Malformed(what + " is not a readable OpenPGP signature");
    }
  }

  /**
   * The cleartext signature framework (RFC 4880 section 7): the BEGIN line, one or more {@code Hash:} headers, an
   * empty line, the dash-escaped text, then an armored signature. LF or CRLF line ends.
   */
  static ClearSigned clearSigned(byte[] bytes, String what) throws Malformed {
    String[] lines;
    try {
      lines = StrictUtf8.decode(bytes).split("\n", -1);
    } catch (StrictUtf8.NotUtf8 e) {
      throw new Malformed(what + " is not UTF-8 text: " + e.getMessage());
    }
    int i = 0;
    if (lines.length == 0 || !withoutCr(lines[0]).equals(BEGIN_SIGNED_MESSAGE)) {
      throw new Malformed(what + " does not start with '" + BEGIN_SIGNED_MESSAGE + "'");
    }
    i++;
    List<String> hashNames = new ArrayList<>();
    for (; i < lines.length && !withoutCr(lines[i]).isEmpty(); i++) {
      String header = withoutCr(lines[i]);
      if (!header.startsWith("Hash: ")) {
        throw new Malformed(what + " line " + (i + 1) + ": only 'Hash:' headers may precede the text");
      }
      for (String name : header.substring("Hash: ".length()).split(",")) {
        hashNames.add(name.strip());
      }
    }
    if (hashNames.isEmpty()) {
      throw new Malformed(what + " has no 'Hash:' header");
    }
    i++; // the empty line after the headers
    List<String> text = new ArrayList<>();
    for (; i < lines.length && !withoutCr(lines[i]).equals(BEGIN_SIGNATURE); i++) {
      String line = withoutCr(lines[i]);
      if (line.startsWith("- ")) {
        text.add(line.substring(2));
      } else if (line.startsWith("-")) {
        throw new Malformed(what + " line " + (i + 1) + " starts with '-' but is not dash-escaped");
      } else {
        text.add(line);
      }
    }
    if (i >= lines.length) {
      throw new Malformed(what + " has no '" + BEGIN_SIGNATURE + "' block");
    }
    StringBuilder armor = new StringBuilder();
    for (; i < lines.length; i++) {
      armor.append(lines[i]).append('\n');
    }
    PGPSignature signature = detached(armor.toString().getBytes(StandardCharsets.US_ASCII), what);
    return new ClearSigned(List.copyOf(hashNames), List.copyOf(text), signature);
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}

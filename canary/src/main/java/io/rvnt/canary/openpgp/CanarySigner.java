package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * Signs {@code canary.txt} the two ways it is published, both checked by stock gpg:
 *
 * <ul>
 *   <li>{@link #detached}: an armored binary-document signature (type 0x00) over the exact bytes, for
 *       {@code gpg --verify canary.txt.sig canary.txt};
 *   <li>{@link #clearSigned}: a cleartext signed message (RFC 4880 section 7) with a text-document signature (type
 *       0x01), for {@code gpg --verify canary.asc}.
 * </ul>
 *
 * Signatures use SHA-512 and carry the issuer fingerprint; their creation time comes from the clock.
 */
public final class CanarySigner {
  private final Clock clock;

  public CanarySigner(Clock clock) {
    this.clock = clock;
  }

  /** The armored detached signature over exactly {@code text}. */
  public byte[] detached(UnlockedKey key, byte[] text) throws CanaryException {
    PGPSignatureGenerator generator = newGenerator(key, PGPSignature.BINARY_DOCUMENT);
    generator.update(text);
    PGPSignature signature = generate(generator);
    return OpenPgp.armor(out -> signature.encode(out, true));
  }

  /**
   * The clear-signed message around {@code text}, which must end with a line feed. ArmoredOutputStream dash-escapes
   * lines that start with '-' (RFC 4880 section 7.1); the signature covers the canonical form of the text.
   */
  public byte[] clearSigned(UnlockedKey key, byte[] text) throws CanaryException {
    if (text.length == 0 || text[text.length - 1] != '\n') {
      throw new CanaryException(Reason.BAD_INPUT, "a clear-signed text must end with a line feed");
    }
    PGPSignatureGenerator generator = newGenerator(key, PGPSignature.CANONICAL_TEXT_DOCUMENT);
    generator.update(CanonicalText.of(new String(text, StandardCharsets.UTF_8)));
    PGPSignature signature = generate(generator);

    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 512);
    try (ArmoredOutputStream armored = OpenPgp.newArmoredStream(out)) {
      armored.beginClearText(OpenPgp.SIGNATURE_HASH);
      armored.write(text);
      armored.endClearText();
      signature.encode(armored, true);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private PGPSignatureGenerator newGenerator(UnlockedKey key, int signatureType) throws CanaryException {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(key.publicKey().getAlgorithm(), OpenPgp.SIGNATURE_HASH),
              key.publicKey());
      generator.init(signatureType, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      // OpenPGP timestamps are whole seconds.
      hashed.setSignatureCreationTime(false, Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond())));
      hashed.setIssuerFingerprint(false, key.publicKey());
      generator.setHashedSubpackets(hashed.generate());
      return generator;
    } catch (PGPException e) {
      throw new CanaryException(Reason.NO_SIGNING_KEY, "the key cannot sign: " + e.getMessage(), e);
    }
  }

  private static PGPSignature generate(PGPSignatureGenerator generator) throws CanaryException {
    try {
      return generator.generate();
    } catch (PGPException e) {
      throw new CanaryException(Reason.NO_SIGNING_KEY, "signing failed: " + e.getMessage(), e);
    }
  }
}

package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import io.rvnt.canary.openpgp.SignatureParsing.ClearSigned;
import io.rvnt.canary.openpgp.SignatureParsing.Malformed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The canary's public key as published ({@code canary-key.asc}), checked against the fingerprint the verifier pins
 * before it is trusted with anything. It accepts a signature by its primary key, or by a signing subkey whose binding
 * and back-signature verify (RFC 4880 section 5.2.1, 0x18 and 0x19); everything else is refused.
 */
public final class CanaryPublicKey {
  /** A public key with a few user IDs, subkeys and certifications is a few KiB. */
  public static final int DEFAULT_MAX_KEY_BYTES = 64 * 1024;

  /** One signature packet, armored: an Ed25519 one is about 250 bytes, an RSA-4096 one about 800. */
  public static final int DEFAULT_MAX_SIGNATURE_BYTES = 8 * 1024;

  private final PGPPublicKeyRing ring;
  private final PGPPublicKey primary;

  private CanaryPublicKey(PGPPublicKeyRing ring) {
    this.ring = ring;
    this.primary = ring.getPublicKey();
  }

  /**
   * Reads one public key (armored or binary).
   *
   * @throws CanaryException {@link Reason#BAD_INPUT} when it is not exactly one readable public key
   */
  public static CanaryPublicKey parse(byte[] encoded, int maxBytes) throws CanaryException {
    OpenPgp.checkSize("the public key", encoded, maxBytes);
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(encoded))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object first = factory.nextObject();
      if (!(first instanceof PGPPublicKeyRing ring)) {
        throw new CanaryException(Reason.BAD_INPUT, "the public key file holds no OpenPGP public key");
      }
      if (factory.nextObject() != null) {
        throw new CanaryException(Reason.BAD_INPUT, "the public key file holds more than one key");
      }
      if (ring.getPublicKey().getVersion() != 4) {
        throw new CanaryException(
            Reason.BAD_INPUT, "the public key is a v" + ring.getPublicKey().getVersion() + " key; expected v4");
      }
      return new CanaryPublicKey(ring);
    } catch (IOException | RuntimeException e) {
      throw new CanaryException(Reason.BAD_INPUT, "the public key file is not a readable OpenPGP key", e);
    }
  }

  public Fingerprint fingerprint() {
    return Fingerprint.of(primary.getFingerprint());
  }

  /** The key's primary user ID, or its fingerprint when it has none. */
  public String userId() {
    Iterator<String> ids = primary.getUserIDs();
    return ids.hasNext() ? ids.next() : fingerprint().hex();
  }

  /**
   * Checks a detached signature file over {@code text}, which must be a binary-document signature: the published
   * file is signed byte for byte, so a changed line end or trailing space breaks it.
   */
  public SignatureCheck checkDetached(byte[] signatureFile, byte[] text, int maxSignatureBytes) {
    if (signatureFile.length > maxSignatureBytes) {
      return SignatureCheck.malformed(
          "canary.txt.sig is " + signatureFile.length + " bytes, over the limit of " + maxSignatureBytes);
    }
    try {
      PGPSignature signature = SignatureParsing.detached(signatureFile, "canary.txt.sig");
      return check(signature, PGPSignature.BINARY_DOCUMENT, text, "canary.txt.sig");
    } catch (Malformed e) {
      return SignatureCheck.malformed(e.getMessage());
    }
  }

  /** Checks a clear-signed message, which must carry a text-document signature. */
  public ClearSignedCheck checkClearSigned(byte[] message, int maxMessageBytes) {
    if (message.length > maxMessageBytes) {
      return new ClearSignedCheck(
          SignatureCheck.malformed(
              "canary.asc is " + message.length + " bytes, over the limit of " + maxMessageBytes),
          "");
    }
    try {
      ClearSigned parsed = SignatureParsing.clearSigned(message, "canary.asc");
      String hashName = digestName(parsed.signature().getHashAlgorithm());
      if (!parsed.hashNames().contains(hashName)) {
        return new ClearSignedCheck(
            SignatureCheck.malformed(
                "canary.asc is signed with " + hashName + " but its header lists " + parsed.hashNames()),
            parsed.strippedText());
      }
      SignatureCheck check =
          check(parsed.signature(), PGPSignature.CANONICAL_TEXT_DOCUMENT, parsed.signedBytes(), "canary.asc");
      return new ClearSignedCheck(check, parsed.strippedText());
    } catch (Malformed e) {
      return new ClearSignedCheck(SignatureCheck.malformed(e.getMessage()), "");
    }
  }

  /** Why {@code key} could not sign at {@code at} (revoked, or expired by then), or null when it could. */
  private String keyProblem(PGPPublicKey key, Instant at) {
    if (key.hasRevocation()) {
      return (key.isMasterKey() ? "the pinned key" : "signing subkey " + hex(key.getFingerprint()))
          + " has been revoked";
    }
    long validSeconds = key.getValidSeconds();
    if (validSeconds > 0) {
      Instant expires = key.getCreationTime().toInstant().plusSeconds(validSeconds);
      if (!at.isBefore(expires)) {
        return "key " + hex(key.getFingerprint()) + " expired on " + expires;
      }
    }
    return null;
  }

  private SignatureCheck check(PGPSignature signature, int expectedType, byte[] signed, String what) {
    if (signature.getVersion() != 4) {
      return SignatureCheck.malformed(what + " is a v" + signature.getVersion() + " signature; expected v4");
    }
    if (signature.getSignatureType() != expectedType) {
      return SignatureCheck.malformed(
          what
              + " is a "
              + typeName(signature.getSignatureType())
              + " signature; expected a "
              + typeName(expectedType)
              + " signature");
    }
    if (OpenPgp.WEAK_HASHES.contains(signature.getHashAlgorithm())) {
      return SignatureCheck.badSignature(
          what + " uses " + digestName(signature.getHashAlgorithm()) + ", too weak to trust");
    }
    PGPPublicKey signer = findSigner(signature);
    if (signer == null) {
      return SignatureCheck.wrongKey(
          what + " was made by key " + issuerOf(signature) + ", not by the pinned key " + fingerprint());
    }
    Instant signedAt = signature.getCreationTime().toInstant();
    String primaryProblem = keyProblem(primary, signedAt);
    if (primaryProblem != null) {
      return SignatureCheck.wrongKey(primaryProblem);
    }
    if (!signer.isMasterKey()) {
      String subkeyProblem = keyProblem(signer, signedAt);
      if (subkeyProblem != null) {
        return SignatureCheck.wrongKey(subkeyProblem);
      }
      if (!SubkeyBinding.boundForSigning(primary, signer)) {
        return SignatureCheck.wrongKey(
            what + " was made by subkey " + hex(signer.getFingerprint())
                + ", which is not validly bound to the pinned key for signing");
      }
    } else if (!KeyFlagsOf.maySign(primary, primary.getKeyID())) {
      return SignatureCheck.wrongKey("the pinned key is not allowed to sign data (its key flags)");
    }
    if (signature.getCreationTime().before(signer.getCreationTime())) {
      return SignatureCheck.badSignature(what + " claims to predate its own key");
    }
    try {
      signature.init(OpenPgp.VERIFIERS, signer);
      signature.update(signed);
      if (!signature.verify()) {
        return SignatureCheck.badSignature(
            what + " does not match the text: it was changed after signing");
      }
    } catch (PGPException | RuntimeException e) {
      return SignatureCheck.malformed(what + " cannot be checked: " + e.getMessage());
    }
    return SignatureCheck.valid(what + " is a good signature by " + fingerprint() + " made " + signedAt);
  }

  private PGPPublicKey findSigner(PGPSignature signature) {
    for (KeyIdentifier id : signature.getKeyIdentifiers()) {
      if (id.isWildcard()) {
        continue;
      }
      PGPPublicKey key = ring.getPublicKey(id);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  private static String issuerOf(PGPSignature signature) {
    for (KeyIdentifier id : signature.getKeyIdentifiers()) {
      if (id.getFingerprint() != null) {
        return hex(id.getFingerprint());
      }
    }
    return hex(longBytes(signature.getKeyID()));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  private static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    return bytes;
  }

  private static String digestName(int algorithm) {
    try {
      return PGPUtil.getDigestName(algorithm);
    } catch (PGPException e) {
      return "hash algorithm " + algorithm;
    }
  }

  private static String typeName(int signatureType) {
    return switch (signatureType) {
      case PGPSignature.BINARY_DOCUMENT -> "binary-document";
      case PGPSignature.CANONICAL_TEXT_DOCUMENT -> "text-document";
      default -> "type 0x" + Integer.toHexString(signatureType).toUpperCase(Locale.ROOT);
    };
  }
}

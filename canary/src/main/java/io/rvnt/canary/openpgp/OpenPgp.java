package io.rvnt.canary.openpgp;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.operator.KeyFingerPrintCalculator;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/** What the OpenPGP classes share: armor without headers, the calculators, the hash algorithm rules. */
final class OpenPgp {
  /**
   * SHA-512 for every signature the project makes: gpg 2.2 verifies it with legacy EdDSA keys, where BouncyCastle's
   * newer defaults (SHA3-512) fail with "algorithm 14 not available".
   */
  static final int SIGNATURE_HASH = HashAlgorithmTags.SHA512;

  static final String SIGNATURE_HASH_NAME = "SHA512";

  /** Hashes too weak to trust for a signature (MD5 and SHA-1 have practical collisions; RIPEMD-160 is SHA-1's era). */
  static final Set<Integer> WEAK_HASHES =
      Set.of(HashAlgorithmTags.MD5, HashAlgorithmTags.SHA1, HashAlgorithmTags.RIPEMD160, HashAlgorithmTags.MD2);

  static final KeyFingerPrintCalculator FINGERPRINTS = new BcKeyFingerprintCalculator();

  /** Every signature check of the canary: BouncyCastle's, with Ed25519 held to the project's one rule. */
  static final PGPContentVerifierBuilderProvider VERIFIERS = new StrictEdDsaVerifiers();

  private OpenPgp() {}

  /** ASCII armor with no Version or Comment header: nothing about the signing machine is published. */
  static byte[] armor(Encoder encoder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (ArmoredOutputStream armored = newArmoredStream(bytes)) {
      encoder.encodeTo(armored);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  static ArmoredOutputStream newArmoredStream(OutputStream out) {
    return ArmoredOutputStream.builder().clearHeaders().build(out);
  }

  static void checkSize(String what, byte[] bytes, int maxBytes) throws CanaryException {
    if (bytes.length > maxBytes) {
      throw new CanaryException(
          Reason.BAD_INPUT, what + " is " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
  }

  /** Writes packets to an armored stream. */
  @FunctionalInterface
  interface Encoder {
    void encodeTo(OutputStream out) throws IOException;
  }
}

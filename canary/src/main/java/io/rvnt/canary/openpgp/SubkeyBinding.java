package io.rvnt.canary.openpgp;

import java.util.Iterator;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * Whether a subkey may sign for its primary key (RFC 4880 section 5.2.1): a subkey binding signature (0x18) by the
 * primary key that grants signing, carrying a primary key binding signature (0x19) by the subkey itself. The
 * back-signature stops anyone from claiming someone else's subkey as their own.
 */
final class SubkeyBinding {
  private SubkeyBinding() {}

  /** A binding by {@code primary} that allows signing, with a valid embedded back-signature by {@code subkey}. */
  static boolean boundForSigning(PGPPublicKey primary, PGPPublicKey subkey) {
    for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext(); ) {
      PGPSignature binding = it.next();
      try {
        binding.init(OpenPgp.VERIFIERS, primary);
        if (!binding.verifyCertification(primary, subkey)) {
          continue;
        }
        PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
        if (hashed == null || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
          continue;
        }
        if (hasValidBackSignature(hashed.getEmbeddedSignatures(), primary, subkey)
            || hasValidBackSignature(binding.getUnhashedSubPackets().getEmbeddedSignatures(), primary, subkey)) {
          return true;
        }
      } catch (PGPException | RuntimeException e) {
        // A binding that cannot be checked binds nothing; try the next one.
      }
    }
    return false;
  }

  private static boolean hasValidBackSignature(PGPSignatureList embedded, PGPPublicKey primary, PGPPublicKey subkey)
      throws PGPException {
    for (PGPSignature back : embedded) {
      if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING) {
        back.init(OpenPgp.VERIFIERS, subkey);
        if (back.verifyCertification(primary, subkey)) {
          return true;
        }
      }
    }
    return false;
  }
}

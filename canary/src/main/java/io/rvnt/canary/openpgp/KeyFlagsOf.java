package io.rvnt.canary.openpgp;

import java.util.Date;
import java.util.Iterator;
import java.util.OptionalInt;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/** Reads what a key may do from its newest self-signature carrying key flags (RFC 4880 section 5.2.3.21). */
final class KeyFlagsOf {
  private KeyFlagsOf() {}

  /** The flags the primary key with id {@code primaryKeyId} gave {@code key}, or empty when no signature says. */
  static OptionalInt flags(PGPPublicKey key, long primaryKeyId) {
    Date newest = null;
    int flags = 0;
    for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
      PGPSignature signature = it.next();
      if (signature.getKeyID() != primaryKeyId
          || PGPSignature.isRevocation(signature.getSignatureType())
          || signature.getHashedSubPackets() == null
          || !signature.getHashedSubPackets().hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
        continue;
      }
      if (newest == null || signature.getCreationTime().after(newest)) {
        newest = signature.getCreationTime();
        flags = signature.getHashedSubPackets().getKeyFlags();
      }
    }
    return newest == null ? OptionalInt.empty() : OptionalInt.of(flags);
  }

  /**
   * Whether {@code key} may sign data. A primary key without key flags may (RFC 4880 predates the flags and gpg
   * treats such keys by their algorithm); a subkey must say so explicitly.
   */
  static boolean maySign(PGPPublicKey key, long primaryKeyId) {
    OptionalInt flags = flags(key, primaryKeyId);
    if (flags.isEmpty()) {
      return key.isMasterKey();
    }
    return (flags.getAsInt() & KeyFlags.SIGN_DATA) != 0;
  }
}

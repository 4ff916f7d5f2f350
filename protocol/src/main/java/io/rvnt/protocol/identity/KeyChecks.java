package io.rvnt.protocol.identity;

import static io.rvnt.protocol.identity.ProtocolException.Reason.BAD_KEY_SIGNATURE;
import static io.rvnt.protocol.identity.ProtocolException.Reason.DUPLICATE_PREKEY_ID;
import static io.rvnt.protocol.identity.ProtocolException.Reason.INVALID_KEY;
import static io.rvnt.protocol.identity.ProtocolException.Reason.INVALID_USERNAME;
import static io.rvnt.protocol.identity.ProtocolException.Reason.MALFORMED_REQUEST;
import static io.rvnt.protocol.identity.ProtocolException.Reason.TOO_MANY_PREKEYS;

import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.crypto.MlKem768;
import io.rvnt.protocol.crypto.X25519;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key rules of spec §4 and §7, shared by the server (which refuses what breaks them) and the client (which
 * refuses a bundle that breaks them). Each check throws {@link ProtocolException} with the reason the spec names;
 * messages never contain the offending data. Checks run in a fixed order (spec §7.0), so one input always gets the
 * same answer.
 */
public final class KeyChecks {
  private KeyChecks() {}

  /** RFC 8032 point encoding of the prime-order subgroup, else INVALID_KEY. */
  public static void checkIdentityKey(byte[] identityKey) throws ProtocolException {
    if (!Ed25519.isValidPublicKey(identityKey)) {
      throw new ProtocolException(INVALID_KEY, "identity key is not a valid Ed25519 public key");
    }
  }

  /** Id not 0, a valid X25519 key, a 64-byte signature that verifies with the identity key over spec §4's bytes. */
  public static void checkSignedPreKey(byte[] identityKey, SignedPreKey preKey) throws ProtocolException {
    byte[] publicKey = preKey.publicKey();
    if (preKey.id() == 0) {
      throw new ProtocolException(INVALID_KEY, "signed prekey id 0 is not allowed");
    }
    if (!X25519.isValidPublicKey(publicKey)) {
      throw new ProtocolException(INVALID_KEY, "signed prekey is not a valid X25519 public key");
    }
    if (!Ed25519.verify(identityKey, SignedBytes.signedPreKey(preKey.id(), publicKey), preKey.signature())) {
      throw new ProtocolException(BAD_KEY_SIGNATURE, "signed prekey signature does not verify");
    }
  }

  /** Id not 0, a valid ML-KEM-768 key (length, modulus check), a signature that verifies over spec §4's bytes. */
  public static void checkPqPreKey(byte[] identityKey, PqPreKey preKey) throws ProtocolException {
    byte[] publicKey = preKey.publicKey();
    if (preKey.id() == 0) {
      throw new ProtocolException(INVALID_KEY, "PQ prekey id 0 is not allowed");
    }
    if (!MlKem768.isValidPublicKey(publicKey)) {
      throw new ProtocolException(INVALID_KEY, "PQ prekey is not a valid ML-KEM-768 encapsulation key");
    }
    if (!Ed25519.verify(identityKey, SignedBytes.pqPreKey(preKey.id(), publicKey), preKey.signature())) {
      throw new ProtocolException(BAD_KEY_SIGNATURE, "PQ prekey signature does not verify");
    }
  }

  /**
   * At most {@code maxPerUpload} keys (TOO_MANY_PREKEYS), each with an id other than 0 and a valid X25519 key
   * (INVALID_KEY), no id twice in the list (DUPLICATE_PREKEY_ID).
   */
  public static void checkOneTimePreKeys(List<OneTimePreKey> preKeys, int maxPerUpload) throws ProtocolException {
    if (preKeys.size() > maxPerUpload) {
      throw new ProtocolException(
          TOO_MANY_PREKEYS, "at most " + maxPerUpload + " one-time prekeys per upload");
    }
    Set<Integer> ids = new HashSet<>();
    for (OneTimePreKey preKey : preKeys) {
      if (preKey.id() == 0) {
        throw new ProtocolException(INVALID_KEY, "one-time prekey id 0 is not allowed");
      }
      if (!X25519.isValidPublicKey(preKey.publicKey())) {
        throw new ProtocolException(INVALID_KEY, "a one-time prekey is not a valid X25519 public key");
      }
      if (!ids.add(preKey.id())) {
        throw new ProtocolException(DUPLICATE_PREKEY_ID, "one-time prekey ids repeat within the upload");
      }
    }
  }

  /**
   * Spec §7.1 in the order of §7.0: username, identity key, signed prekey, PQ prekey, one-time prekeys. A server
   * checks the registration proof of work between the identity key and the signed prekey: use
   * {@link #checkRegistrationIdentity} and {@link #checkRegistrationKeys} for that.
   */
  public static void checkRegistration(Registration registration, int maxPerUpload) throws ProtocolException {
    checkRegistrationIdentity(registration);
    checkRegistrationKeys(registration, maxPerUpload);
  }

  /** Steps 2 and 3 of spec §7.0: the username, then the identity key. */
  public static void checkRegistrationIdentity(Registration registration) throws ProtocolException {
    if (!Usernames.isValid(registration.username())) {
      throw new ProtocolException(INVALID_USERNAME, "username must match ^[a-z][a-z0-9_]{2,31}$");
    }
    checkIdentityKey(registration.identityKey());
  }

  /** Steps 4 and 5 of spec §7.0: the signed prekey, the PQ prekey, the one-time prekeys. */
  public static void checkRegistrationKeys(Registration registration, int maxPerUpload) throws ProtocolException {
    byte[] identityKey = registration.identityKey();
    checkSignedPreKey(identityKey, registration.signedPreKey());
    checkPqPreKey(identityKey, registration.pqPreKey());
    checkOneTimePreKeys(registration.oneTimePreKeys(), maxPerUpload);
  }

  /**
   * Spec §7.3 in the order of §7.0: not empty (MALFORMED_REQUEST), then the rotated signed and PQ prekeys against
   * the stored identity key, then the one-time prekeys. The limit on stored prekeys needs the store and is the server's to check.
   */
  public static void checkUpload(byte[] identityKey, PreKeyUpload upload, int maxPerUpload)
      throws ProtocolException {
    if (upload.isEmpty()) {
      throw new ProtocolException(MALFORMED_REQUEST, "the upload neither adds nor rotates a prekey");
    }
    if (upload.signedPreKey().isPresent()) {
      checkSignedPreKey(identityKey, upload.signedPreKey().get());
    }
    if (upload.pqPreKey().isPresent()) {
      checkPqPreKey(identityKey, upload.pqPreKey().get());
    }
    checkOneTimePreKeys(upload.oneTimePreKeys(), maxPerUpload);
  }
}

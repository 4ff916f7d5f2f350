package io.rvnt.p2p.security.tls;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
* The content of the libp2p Public Key Extension (libp2p TLS spec, "libp2p Public Key Extension"):
* {@code SignedKey ::= SEQUENCE { publicKey OCTET STRING, signature OCTET STRING }}, where publicKey is the host key
* in the libp2p PublicKey protobuf and signature is the host key's signature over
* {@code "libp2p-tls-handshake:" || certificate SubjectPublicKeyInfo DER}.
*/
record SignedKey(byte[] publicKey, byte[] signature) {

  /** The largest extension this host reads: an RSA-4096 host key with its signature stays under 2 KiB. */
  static final int MAX_ENCODED_LENGTH = 4096;

  SignedKey {
    publicKey = publicKey.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  byte[] encode() {
    try {
      return new DERSequence(new ASN1Encodable[] {
        new DEROctetString(publicKey), new DEROctetString(signature)}).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new AssertionError("DER encoding to memory cannot fail", e);
    }
  }

  /** Reads a DER SignedKey; anything else (other types, extra elements, trailing bytes) is refused. */
  static SignedKey decode(byte[] der) throws TlsHandshakeException {
    if (der.length > MAX_ENCODED_LENGTH) {
      throw malformed("SignedKey of " + der.length + " bytes exceeds " + MAX_ENCODED_LENGTH);
    }
    try {
      ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
      if (!(parsed instanceof ASN1Sequence sequence) || sequence.size() != 2
          || !(sequence.getObjectAt(0) instanceof ASN1OctetString key)
          || !(sequence.getObjectAt(1) instanceof ASN1OctetString signature)) {
        throw malformed("SignedKey is not a SEQUENCE of two OCTET STRINGs");
      }
      if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
        throw malformed("SignedKey is not DER encoded");
      }
      return new SignedKey(key.getOctets(), signature.getOctets());
    } catch (IOException | IllegalArgumentException e) {
      throw new TlsHandshakeException(TlsHandshakeException.Reason.MALFORMED_EXTENSION, "unreadable SignedKey", e);
    }
  }

  private static TlsHandshakeException malformed(String message) {
    return new TlsHandshakeException(TlsHandshakeException.Reason.MALFORMED_EXTENSION, message);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedKey that
        && Arrays.equals(publicKey, that.publicKey) && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(publicKey) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedKey[" + publicKey.length + " key bytes, " + signature.length + " signature bytes]";
  }
}

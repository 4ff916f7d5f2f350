package io.rvnt.p2p.crypto;

/** The {@code KeyType} enum of the libp2p key protobuf (peer-ids spec, "Keys"). */
public enum KeyType {
  RSA(0),
  ED25519(1),
  SECP256K1(2),
  ECDSA(3);

  private final int number;

  KeyType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  static KeyType ofNumber(long number) {
    for (KeyType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new CryptoException(CryptoException.Reason.UNSUPPORTED_KEY_TYPE, "key type " + number);
  }
}

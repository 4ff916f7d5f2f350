package io.rvnt.p2p.crypto;

/** A libp2p private (host identity) key. Never logged, never written anywhere but the operator's key file. */
public interface PrivKey {

  KeyType type();

  PubKey publicKey();

  byte[] sign(byte[] data);

  /** The protobuf {@code PrivateKey} encoding (peer-ids spec), for the operator's key file. */
  byte[] bytes();
}

package io.rvnt.p2p.discovery.mdns;

import java.security.SecureRandom;

/**
 * The libp2p mDNS spec's {@code peer-name}: "a random, lower-case alphanumeric string of at least 32 characters",
 * drawn at each start, never the PeerId (which could exceed a DNS label's 63 bytes).
 */
public final class PeerName {

  public static final int LENGTH = 32;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private PeerName() {}

  public static String random(SecureRandom random) {
    StringBuilder out = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}

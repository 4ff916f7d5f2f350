package io.rvnt.protocol.socks;

import java.io.IOException;

/**
 * The SOCKS proxy refused a CONNECT, or spoke something other than SOCKS 5. {@link #reply()} is the reply code of
 * RFC 1928 §6 (or Tor's extended codes, {@code ExtendedErrors}), or {@link #NO_REPLY} when there was no valid reply.
 */
public final class SocksException extends IOException {
  private static final long serialVersionUID = 1L;
  public static final int NO_REPLY = -1;

  private final int reply;

  SocksException(int reply, String message) {
    super(message);
    this.reply = reply;
  }

  public int reply() {
    return reply;
  }

  /**
   * Whether trying again later may succeed: with Tor, an onion service whose descriptor is not found yet (0xF0) or
   * whose introduction or rendezvous failed (0xF2, 0xF3, 0xF7), as happens while descriptors rotate; or a general
   * failure or TTL expiry of the circuit (0x01, 0x06). Everything else (bad address, refused authentication) is final.
   */
  public boolean retryable() {
    return switch (reply) {
      case 0x01, 0x06, 0xF0, 0xF2, 0xF3, 0xF7 -> true;
      default -> false;
    };
  }
}

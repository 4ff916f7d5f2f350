package io.rvnt.server.http;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.rvnt.server.ratelimit.Origin;

/**
 * Spec §8: Tor's {@code HiddenServiceExportCircuitID haproxy} puts the circuit id in the last 32 bits of an IPv6
 * source address in {@code fc00:dead:beef:4dad::/96}. Any other PROXY header (another prefix, IPv4, LOCAL, UNKNOWN)
 * is the shared {@code direct} origin: the server never keys anything on an address.
 */
final class CircuitIds {
  /** {@code fc00:dead:beef:4dad:0000:0000}, the first 96 bits. */
  private static final byte[] TOR_PREFIX = {
    (byte) 0xfc, 0x00, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x4d, (byte) 0xad, 0, 0, 0, 0
  };

  private CircuitIds() {}

  static Origin originOf(HAProxyMessage message) {
    if (message.command() != HAProxyCommand.PROXY
        || message.proxiedProtocol() != HAProxyProxiedProtocol.TCP6
        || message.sourceAddress() == null) {
      return Origin.direct();
    }
    byte[] address = NetUtil.createByteArrayFromIpAddressString(message.sourceAddress());
    if (address == null || address.length != 16) {
      return Origin.direct();
    }
    for (int i = 0; i < TOR_PREFIX.length; i++) {
      if (address[i] != TOR_PREFIX[i]) {
        return Origin.direct();
      }
    }
    int circuitId =
        (address[12] & 0xff) << 24 | (address[13] & 0xff) << 16 | (address[14] & 0xff) << 8 | address[15] & 0xff;
    return Origin.circuit(circuitId);
  }
}

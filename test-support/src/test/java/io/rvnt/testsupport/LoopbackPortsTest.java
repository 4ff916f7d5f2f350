package io.rvnt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void aFreePortLiesBelowTheEphemeralRangeAndCanBeBoundWithoutReuse() throws Exception {
    for (int i = 0; i < 50; i++) {
      int port = LoopbackPorts.free();
      assertThat(port).as("outside the range the kernel takes outgoing connections' source ports from")
          .isBetween(LoopbackPorts.LOWEST, LoopbackPorts.ephemeralLow() - 1);
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        assertThat(socket.getLocalPort()).as("the port given can be listened on").isEqualTo(port);
      }
    }
  }

  @Test
  void aPortSomeoneListensOnIsNotGiven() throws Exception {
    try (ServerSocket held = new ServerSocket(LoopbackPorts.free(), 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 200; i++) {
        assertThat(LoopbackPorts.free()).as("a port held by a listener is never handed out")
            .isNotEqualTo(held.getLocalPort());
      }
    }
  }

  @Test
  void theEphemeralRangeIsReadFromTheKernel() {
    assertThat(LoopbackPorts.ephemeralLow()).as("ip_local_port_range's first port, 32768 on Debian by default")
        .isBetween(1_024, 65_535);
  }
}

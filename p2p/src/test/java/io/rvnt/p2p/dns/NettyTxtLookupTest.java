package io.rvnt.p2p.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NettyTxtLookupTest {

  @Test
  void aDnsServerIsAnIpAddressWithAnOptionalPort() {
    assertThat(NettyTxtLookup.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
    assertThat(NettyTxtLookup.parseServer("9.9.9.9").getPort()).as("port 53 by default").isEqualTo(53);
    assertThat(NettyTxtLookup.parseServer("[::1]:5353")).isEqualTo(new InetSocketAddress("::1", 5353));
    assertThat(NettyTxtLookup.parseServer("::1").getPort()).isEqualTo(53);
  }

  @Test
  void refusesANameOrABadPort() {
    assertThatThrownBy(() -> NettyTxtLookup.parseServer("dns.example:53")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a DNS server is an IP address (with :PORT), not 'dns.example'");
    assertThatThrownBy(() -> NettyTxtLookup.parseServer("127.0.0.1:0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a DNS server port is 1 to 65535, not 0");
    assertThatThrownBy(() -> NettyTxtLookup.parseServer("127.0.0.1:x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a port: x");
  }
}

package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An admin range is an IPv4 or IPv6 network with its prefix, checked before any host is contacted (item 4). */
class AdminCidrTest {
  @Test
  void acceptsNetworksAsUfwTakesThem() {
    for (String ok : new String[] {"198.51.100.0/24", "10.0.0.1/8", "0.0.0.0/0", "2001:db8::/32", "::/0",
        "fe80::1/128", "1:2:3:4:5:6:7:8/64"}) {
      assertThat(AdminCidr.parse(ok).text()).isEqualTo(ok);
    }
  }

  @Test
  void refusesTyposWithAMessageNamingTheRange() {
    for (String typo : new String[] {"198.51.100.0/33", "198.51.1000.0/24", "198.51.100.0", "198.51.100/24",
        "2001:db8:::/32", "fe80::1/129", "1.2.3.4.5/8", "example.org/24", "::ffff:1.2.3.4/128", "/24", "",
        "198.51.100.0/24 ", "198.51.100.0/-1"}) {
      assertThatThrownBy(() -> AdminCidr.parse(typo)).as(typo)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--admin-cidr: '" + typo + "' is not an IPv4 or IPv6 network such as 198.51.100.0/24 or "
              + "2001:db8::/32");
    }
  }
}

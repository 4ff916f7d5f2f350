package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.operator.instances.Endpoint;
import org.junit.jupiter.api.Test;

class ListeningLineTest {
  @Test
  void readsTheIdentityServersApiLineAsApi() {
    assertThat(ListeningLine.parse("identity server listening on http://127.0.0.1:8080"))
        .as("the identity server's API line").contains(new Endpoint("api", "http://127.0.0.1:8080"));
  }

  @Test
  void readsTheAdminLineAsAdmin() {
    assertThat(ListeningLine.parse("admin listening on http://127.0.0.1:9090"))
        .as("the admin line").contains(new Endpoint(Endpoint.ADMIN, "http://127.0.0.1:9090"));
  }

  @Test
  void readsABootstrapMultiaddrAsP2p() {
    assertThat(ListeningLine.parse("listening on /ip4/127.0.0.1/tcp/4001/p2p/12D3KooWabc"))
        .as("an unlabelled multiaddr line").contains(new Endpoint("p2p", "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWabc"));
  }

  @Test
  void readsTheBootstrapAdminLineAsTheAdminBaseUrl() {
    assertThat(ListeningLine.parse("admin listener on http://127.0.0.1:4011/metrics"))
        .as("the bootstrap node's admin line").contains(new Endpoint(Endpoint.ADMIN, "http://127.0.0.1:4011"));
  }

  @Test
  void ignoresLogLinesAndTrailingText() {
    assertThat(ListeningLine.parse("2026-01-01T00:00:00.000Z WARN store: slow write")).as("a log line").isEmpty();
    assertThat(ListeningLine.parse("admin listening on http://127.0.0.1:9090 soon")).as("trailing words").isEmpty();
  }
}

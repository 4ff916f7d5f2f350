package io.rvnt.p2p.ping;

import static io.rvnt.p2p.host.TcpHosts.DEADLINE_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.host.TcpHosts;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PingTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @RegisterExtension
  static final TcpHosts TCP = new TcpHosts(1);

  private static P2pHost host() {
    return TCP.host(P2pLimits.DEFAULTS);
  }

  @Test
  void aWrongEchoFailsThePingAndEndsTheStream() throws Exception {
    P2pHost server = host();
    P2pHost client = host();
    try {
      // A responder that flips every byte it echoes.
      server.addProtocol(Ping.PROTOCOL_ID, stream -> {
        stream.setHandler(data -> {
          for (int i = data.readerIndex(); i < data.writerIndex(); i++) {
            data.setByte(i, ~data.getByte(i));
          }
          stream.write(data);
        });
        return null;
      });
      Multiaddr address = TcpHosts.listen(server);
      Connection c = client.dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThatThrownBy(() -> ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(P2pException.class,
              e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
      assertThatThrownBy(() -> ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the stream is over")
          .isInstanceOf(ExecutionException.class);
    } finally {
      client.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      server.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void theResponderEchoesSplitPayloadsWhole() throws Exception {
    P2pHost server = host();
    P2pHost client = host();
    try {
      server.addProtocol(Ping.PROTOCOL_ID, new Ping(RANDOM));
      Multiaddr address = TcpHosts.listen(server);
      Connection c = client.dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      PingController ping = c.newStream(List.of(Ping.PROTOCOL_ID), new Ping(RANDOM))
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        assertThat(ping.ping().get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isPositive();
      }
      ping.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } finally {
      client.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      server.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

}

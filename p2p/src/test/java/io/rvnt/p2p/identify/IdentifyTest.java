package io.rvnt.p2p.identify;

import static io.rvnt.p2p.host.TcpHosts.DEADLINE_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.host.P2pHost;
import io.rvnt.p2p.host.TcpHosts;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdentifyTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @RegisterExtension
  static final TcpHosts TCP = new TcpHosts(1);

  private static P2pHost host() {
    return TCP.host(P2pLimits.DEFAULTS);
  }

  /** A responder that answers with {@code info}, whatever it says. */
  private static void answerWith(P2pHost server, IdentifyInfo info) {
    server.addProtocol(Identify.PROTOCOL_ID, stream -> {
      stream.setHandler(ByteBuf::release);
      stream.write(LengthPrefixedReader.frame(stream.alloc(), info.encode()));
      stream.closeWrite();
      return null;
    });
  }

  private static Throwable identifyFailure(P2pHost server) throws Exception {
    P2pHost client = host();
    try {
      Multiaddr address = TcpHosts.listen(server);
      Connection c = client.dial(address).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      Identify identify = new Identify(client, client.peerId().publicKey().orElseThrow(), "x", P2pLimits.DEFAULTS);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> identify.identify(c).get(DEADLINE_SECONDS, TimeUnit.SECONDS));
      return e.getCause();
    } finally {
      client.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      server.close().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesAnIdentifyWhoseKeyIsNotThePeers() throws Exception {
    P2pHost server = host();
    answerWith(server, new IdentifyInfo(Optional.of(Keys.generateEd25519(RANDOM).publicKey()), List.of(), List.of(),
        Optional.empty(), IdentifyInfo.PROTOCOL_VERSION, "impostor"));
    assertThat(identifyFailure(server)).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void refusesAStreamThatEndsWithoutAMessage() throws Exception {
    P2pHost server = host();
    server.addProtocol(Identify.PROTOCOL_ID, stream -> {
      stream.setHandler(ByteBuf::release);
      stream.closeWrite();
      return null;
    });
    assertThat(identifyFailure(server)).isInstanceOfSatisfying(P2pException.class,
        e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void acceptsAnIdentifyWithoutAKeyAsJsPushesAreSent() {
    IdentifyInfo info = new IdentifyInfo(Optional.empty(), List.of(), List.of("/a"), Optional.empty(), "", "");
    assertThat(IdentifyInfo.decode(info.encode()).publicKey()).isEmpty();
    assertThatThrownBy(() -> IdentifyInfo.decode(new byte[] {(byte) 0xff})).isInstanceOf(P2pException.class);
  }
}

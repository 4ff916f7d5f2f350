package io.rvnt.p2p.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifyInfoTest {

  @Test
  void roundTripsEveryField() {
    IdentifyInfo info = new IdentifyInfo(Optional.of(Keys.generateEd25519(new SecureRandom()).publicKey()),
        List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"), Multiaddr.parse("/ip6/::1/udp/1/quic-v1")),
        List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), Optional.of(Multiaddr.parse("/ip4/5.6.7.8/tcp/9")),
        IdentifyInfo.PROTOCOL_VERSION, "rvnt/0.1");
    IdentifyInfo back = IdentifyInfo.decode(info.encode());
    assertThat(back.publicKey()).isEqualTo(info.publicKey());
    assertThat(back.listenAddrs()).isEqualTo(info.listenAddrs());
    assertThat(back.protocols()).isEqualTo(info.protocols());
    assertThat(back.observedAddr()).isEqualTo(info.observedAddr());
    assertThat(back.agentVersion()).isEqualTo("rvnt/0.1");
  }

  @Test
  void skipsAddressesOfTransportsItDoesNotSpeak() {
    // listenAddrs: /ip4/1.2.3.4/tcp/1/ws (ws, code 477, is not ours), then /ip4/1.2.3.4/tcp/1
    byte[] message = HexFormat.of().parseHex("120a" + "0401020304060001dd03" + "1208" + "0401020304060001");
    assertThat(IdentifyInfo.decode(message).listenAddrs()).containsExactly(Multiaddr.parse("/ip4/1.2.3.4/tcp/1"));
  }

  @Test
  void refusesATruncatedMessage() {
    assertThatThrownBy(() -> IdentifyInfo.decode(HexFormat.of().parseHex("1a05616263")))
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void refusesAnUnusablePublicKey() {
    assertThatThrownBy(() -> IdentifyInfo.decode(HexFormat.of().parseHex("0a0408011200")))
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }

  @Test
  void refusesAProtocolIdThatIsNotUtf8() {
    assertThatThrownBy(() -> IdentifyInfo.decode(HexFormat.of().parseHex("1a02c328")))
        .isInstanceOfSatisfying(P2pException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pException.Reason.PROTOCOL_VIOLATION));
  }
}

package io.rvnt.app.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.Avahi;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.CommandRun;
import io.rvnt.testsupport.JsonLinesPeer;
import io.rvnt.testsupport.NetnsPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAN discovery between real processes on a private LAN: two network namespaces joined by a veth pair (multicast
 * never touches the machine's own interfaces). A Java bootstrap node ({@code rvnt bootstrap --mdns}, the shaded
 * jar), or a relay that only announces itself ({@code rvnt relay --mdns}), in one; in the other a js-libp2p node
 * with {@code @libp2p/mdns} 12.0.32 (p2p/src/test/js/mdns-peer.mjs), a second Java node, or a real avahi-daemon
 * asked by {@code avahi-browse}. Each test makes its own namespaces and
 * removes them, failed or not.
 */
class LanDiscoveryIT {

  /** Queries go out every 10 s (the Java node's default) or 3 s (the js peer here); busy machines are slow. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** Each ask costs a process (avahi-browse), a js-libp2p request or a metrics scrape: a few a second are enough. */
  private static final Duration ASK_EVERY = Duration.ofMillis(250);
  private static final Path JS = Path.of(System.getProperty("rvnt.js.dir", "../p2p/src/test/js"));
  private static final String[] WILDCARD = {"--listen", "/ip4/0.0.0.0/tcp/4001", "--listen",
      "/ip4/0.0.0.0/udp/4001/quic-v1"};

  @TempDir Path tmp;

  @Test
  void aJavaBootstrapNodeAndJsLibp2pDiscoverEachOtherThenConnectAndRunADhtLookup() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode java = NamespacedNode.start(lan.a(), dir("java"), with(WILDCARD, "--mdns"));
        JsonLinesPeer js = jsPeer(lan.b())) {
      assertThat(java.lanStatus()).as("the node says where it announces").isEqualTo(
          "mdns: announcing on " + lan.a().device());

      Map<String, Object> seen = Await.value(DEADLINE, ASK_EVERY, "js-libp2p discovers the Java node through mDNS",
          () -> discovered(js), d -> d.containsKey(java.peerId()));
      assertThat((List<?>) seen.get(java.peerId())).as("the Java node announces its LAN addresses, no loopback")
          .isNotEmpty().allSatisfy(a -> assertThat((String) a).startsWith("/ip4/10.77.0.1/"))
          .anySatisfy(a -> assertThat(a).isEqualTo("/ip4/10.77.0.1/tcp/4001"))
          .anySatisfy(a -> assertThat(a).isEqualTo("/ip4/10.77.0.1/udp/4001/quic-v1"));

      Await.value(DEADLINE, ASK_EVERY, "the Java node discovers js-libp2p, dials it and identify proves it",
          () -> connections(js), c -> c.contains(Map.of("peer", java.peerId(), "direction", "inbound")));
      Await.value(DEADLINE, ASK_EVERY, "the DHT takes the proven LAN peer", java::metrics,
          m -> m.getOrDefault("rvnt_bootstrap_lan_peers_joined_total", 0.0) >= 1
              && m.getOrDefault("rvnt_bootstrap_routing_table_peers", 0.0) >= 1);

      assertThat(js.request("dialDiscovered", Map.of("peer", java.peerId()), DEADLINE))
          .as("js-libp2p connects with the addresses mDNS gave it").containsEntry("ok", true)
          .containsEntry("remotePeer", java.peerId());
      Await.value(DEADLINE, ASK_EVERY, "js-libp2p's DHT takes the Java node", () -> request(js, "routingTable"),
          r -> ((Number) r.get("size")).intValue() >= 1);
      Map<String, Object> lookup = js.request("getClosestPeers", Map.of("key", randomKey()), DEADLINE);
      assertThat(lookup).as("a DHT lookup through the Java node: %s", lookup).containsEntry("ok", true);
      assertThat(((List<?>) lookup.get("peers")).contains(java.peerId())).as("the lookup finds the Java node: %s",
          lookup).isTrue();
      assertThat(java.metric("rvnt_bootstrap_requests_total{endpoint=\"FIND_NODE\"}")).as("the Java node served it")
          .isPositive();
      assertThat(java.laterOutput()).as("nothing about the discovered peer is printed (invariant 1)")
          .doesNotContain(js.peerId()).doesNotContain("10.77.0.2");
    }
  }

  @Test
  void twoJavaBootstrapNodesDiscoverEachOtherIntoTheirRoutingTables() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode a = NamespacedNode.start(lan.a(), dir("a"), with(WILDCARD, "--mdns"));
        NamespacedNode b = NamespacedNode.start(lan.b(), dir("b"), "--listen",
            "/ip4/10.77.0.2/udp/4001/quic-v1", "--listen", "/ip4/10.77.0.2/tcp/4001", "--mdns")) {
      assertThat(b.lanStatus()).as("a node bound to its LAN address runs mDNS on that interface").isEqualTo(
          "mdns: announcing on " + lan.b().device());
      for (NamespacedNode node : List.of(a, b)) {
        Await.value(DEADLINE, ASK_EVERY, "each node hears the other's answer and has it in its routing table",
            node::metrics,
            m -> m.getOrDefault("rvnt_bootstrap_mdns_announcements_accepted_total", 0.0) >= 1
                && m.getOrDefault("rvnt_bootstrap_routing_table_peers", 0.0) >= 1);
      }
      Await.value(DEADLINE, ASK_EVERY, "one of them joined the other and looked itself up through it",
          () -> a.metric("rvnt_bootstrap_lan_peers_joined_total") + b.metric("rvnt_bootstrap_lan_peers_joined_total"),
          joined -> joined >= 1);
      assertThat(a.metric("rvnt_bootstrap_requests_total{endpoint=\"FIND_NODE\"}")
          + b.metric("rvnt_bootstrap_requests_total{endpoint=\"FIND_NODE\"}")).as("the joining node's lookup was served")
          .isPositive();
      for (NamespacedNode node : List.of(a, b)) {
        assertThat(node.metrics()).as("good traffic is never refused").allSatisfy((name, n) -> {
          if (name.startsWith("rvnt_bootstrap_mdns_refused_total{")) {
            assertThat(n).as(name).isZero();
          }
        });
      }
    }
  }

  @Test
  void withAnnouncingOffTheNodeIsNotDiscoveredButStillDiscoversOthers() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode quiet = NamespacedNode.start(lan.a(), dir("quiet"),
            with(WILDCARD, "--mdns-quiet"));
        JsonLinesPeer js = jsPeer(lan.b())) {
      assertThat(quiet.lanStatus()).isEqualTo("mdns: discovering on " + lan.a().device() + "; not announcing");
      Await.value(DEADLINE, ASK_EVERY,
          "the quiet node still hears js-libp2p (its query went out, the answer came back) and joins it",
          quiet::metrics, m -> m.getOrDefault("rvnt_bootstrap_lan_peers_joined_total", 0.0) >= 1);
      Await.value(DEADLINE, ASK_EVERY, "js-libp2p's queries reach the quiet node", quiet::metrics,
          m -> m.getOrDefault("rvnt_bootstrap_mdns_queries_received_total", 0.0) >= 4);
      assertThat(quiet.metric("rvnt_bootstrap_mdns_answers_sent_total")).as("a quiet node answers no query").isZero();
      assertThat(discovered(js)).as("so mDNS never tells js-libp2p of it").doesNotContainKey(quiet.peerId());
    }
  }

  @Test
  void avahiBrowseInTheOtherNamespaceListsTheNodesDnsSdServices() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode node = NamespacedNode.start(lan.a(), dir("node"),
            with(WILDCARD, "--mdns", "--dns-sd"));
        Avahi avahi = Avahi.start(lan.b(), dir("avahi"))) {
      assertThat(node.lanStatus()).endsWith("; DNS-SD _rvnt._udp and _rvnt._tcp");
      String quic = "\"dnsaddr=/ip4/10.77.0.1/udp/4001/quic-v1/p2p/" + node.peerId() + "\"";
      List<String> udp = Await.value(DEADLINE, ASK_EVERY, "avahi-browse -rpt _rvnt._udp resolves the node",
          () -> avahi.browse("_rvnt._udp"),
          lines -> lines.stream().anyMatch(l -> l.startsWith("=") && l.contains(quic)));
      assertThat(udp).as("resolved: interface, IPv4, instance, type, domain, host, address, port, TXT")
          .anySatisfy(l -> assertThat(l).startsWith("=;" + lan.b().device() + ";IPv4;rvnt-bootstrap-")
              .contains(";_rvnt._udp;local;").contains(".local;10.77.0.1;4001;").contains(quic));
      String tcp = "\"dnsaddr=/ip4/10.77.0.1/tcp/4001/p2p/" + node.peerId() + "\"";
      Await.value(DEADLINE, ASK_EVERY, "and _rvnt._tcp for its TCP address", () -> avahi.browse("_rvnt._tcp"),
          lines -> lines.stream().anyMatch(l -> l.startsWith("=") && l.contains(tcp)));
    }
  }

  @Test
  void aRelayAnnouncesItselfToJsLibp2pAndBonjourButAsksForNoOneAndJoinsNoOne() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode relay = NamespacedNode.start("relay", lan.a(), dir("relay"), "--listen",
            "/ip4/0.0.0.0/tcp/4002", "--listen", "/ip4/0.0.0.0/udp/4002/quic-v1", "--mdns", "--dns-sd");
        JsonLinesPeer js = jsPeer(lan.b());
        Avahi avahi = Avahi.start(lan.b(), dir("avahi"))) {
      assertThat(relay.lanStatus()).as("the relay says where it announces").isEqualTo(
          "mdns: announcing on " + lan.a().device() + "; DNS-SD _rvnt._udp and _rvnt._tcp");

      Map<String, Object> seen = Await.value(DEADLINE, ASK_EVERY, "js-libp2p discovers the relay through mDNS",
          () -> discovered(js), d -> d.containsKey(relay.peerId()));
      assertThat((List<?>) seen.get(relay.peerId())).as("the relay announces its LAN addresses, no loopback")
          .isNotEmpty().allSatisfy(a -> assertThat((String) a).startsWith("/ip4/10.77.0.1/"))
          .anySatisfy(a -> assertThat(a).isEqualTo("/ip4/10.77.0.1/tcp/4002"));
      assertThat(js.request("dialDiscovered", Map.of("peer", relay.peerId()), DEADLINE))
          .as("js-libp2p connects to the relay with the addresses mDNS gave it").containsEntry("ok", true)
          .containsEntry("remotePeer", relay.peerId());
      String tcp = "\"dnsaddr=/ip4/10.77.0.1/tcp/4002/p2p/" + relay.peerId() + "\"";
      List<String> browsed = Await.value(DEADLINE, ASK_EVERY, "avahi-browse -rpt _rvnt._tcp resolves the relay",
          () -> avahi.browse("_rvnt._tcp"), lines -> lines.stream().anyMatch(l -> l.startsWith("=")
              && l.contains(tcp)));
      assertThat(browsed).anySatisfy(l -> assertThat(l).contains(";IPv4;rvnt-relay-"));

      Await.value(DEADLINE, ASK_EVERY, "js-libp2p's queries reach the relay and are answered", relay::metrics,
          m -> m.getOrDefault("rvnt_relay_mdns_queries_received_total", 0.0) >= 2
              && m.getOrDefault("rvnt_relay_mdns_answers_sent_total", 0.0) >= 2);
      Map<String, Double> metrics = relay.metrics();
      assertThat(metrics.get("rvnt_relay_mdns_queries_sent_total")).as("a relay asks for no peers").isZero();
      assertThat(metrics.get("rvnt_relay_mdns_announcements_accepted_total"))
          .as("nor reads their announcements, though js-libp2p announces itself").isZero();
      assertThat(metrics).as("nor joins anyone: it has no routing table")
          .noneSatisfy((name, n) -> assertThat(name).contains("lan_peer"));
      assertThat(connections(js)).as("the relay dialed nothing: js-libp2p's connections to it are its own")
          .isNotEmpty().allSatisfy(c -> assertThat(c).containsEntry("direction", "outbound"));
      assertThat(relay.laterOutput()).as("nothing about LAN peers is printed (invariant 1)")
          .doesNotContain(js.peerId()).doesNotContain("10.77.0.2");
    }
  }

  @Test
  void onLoopbackOnlyTheNodeSendsNothingAndSaysSoInOneLine() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"));
        NamespacedNode node = NamespacedNode.start(lan.a(), dir("loopback"), "--listen",
            "/ip4/127.0.0.1/tcp/4001", "--mdns", "--dns-sd")) {
      assertThat(node.lanStatus()).as("as in the sandbox").isEqualTo(
          "mdns: no LAN interface among the listen addresses; not announcing");
      assertThat(node.metric("rvnt_bootstrap_mdns_queries_sent_total")).as("no socket, no query").isZero();
    }
  }

  @Test
  void anUnknownMdnsInterfaceIsOneClearLineAndExitStatusOne() throws Exception {
    try (NetnsPair lan = NetnsPair.create(tmp.resolve("netns"))) {
      CommandRun.Result r = CommandRun.run(lan.a().exec(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-jar", System.getProperty("rvnt.jar"), "bootstrap", "--data-dir",
          tmp.resolve("bad").toString(), "--admin", "127.0.0.1:0", "--listen", "/ip4/0.0.0.0/tcp/4001",
          "--mdns-interface", "nosuch0"), Map.of(), tmp);
      assertThat(r.exitCode()).as("stderr: %s", r.stderr()).isEqualTo(1);
      assertThat(r.stderr().strip()).contains("no network interface named nosuch0").doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }

  private JsonLinesPeer jsPeer(NetnsPair.Netns ns) throws Exception {
    List<String> launcher = ns.exec("env", "MDNS_INTERVAL=3000");
    return JsonLinesPeer.startNode(launcher, JS, "@libp2p/mdns", List.of(), "mdns-peer.mjs", List.of(),
        ProcessBuilder.Redirect.appendTo(dir("js").resolve("stderr.txt").toFile()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> discovered(JsonLinesPeer js) {
    return (Map<String, Object>) request(js, "discovered").get("peers");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> connections(JsonLinesPeer js) {
    return (List<Map<String, Object>>) request(js, "connections").get("connections");
  }

  private static Map<String, Object> request(JsonLinesPeer js, String command) {
    try {
      Map<String, Object> reply = js.request(command, Map.of(), DEADLINE);
      assertThat(reply).as("the js peer answers %s", command).containsEntry("ok", true);
      return reply;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Path dir(String name) throws Exception {
    return java.nio.file.Files.createDirectories(tmp.resolve(name));
  }

  private static String[] with(String[] base, String... more) {
    String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }
}

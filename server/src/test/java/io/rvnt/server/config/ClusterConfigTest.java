package io.rvnt.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster keys of docs/server-config.md: absent is the single instance; each limit refused out of bounds. */
class ClusterConfigTest {
  private static final String PIN_A = "a".repeat(64);
  private static final String PIN_B = "b".repeat(64);
  private static final String PIN_C = "c".repeat(64);

  @TempDir Path dir;

  private Map<String, String> member(String self) {
    Map<String, String> values = new HashMap<>();
    values.put("cluster-self", self);
    values.put("cluster-member.alpha", "active 10.0.0.1:9870 " + PIN_A);
    values.put("cluster-member.beta", "passive 10.0.0.2:9870 sha256:" + PIN_B.toUpperCase());
    values.put("cluster-member.gamma", "witness 10.0.0.3:9870 " + PIN_C);
    values.put("cluster-key", dir.resolve("k").toString());
    values.put("cluster-certificate", dir.resolve("c").toString());
    values.put("pow-seed-key", dir.resolve("pow-seed.key").toString());
    return values;
  }

  @Test
  void aMemberWithoutTheSharedProofOfWorkSeedKeyIsRefused() {
    Map<String, String> values = new HashMap<>(member("alpha"));
    values.remove("pow-seed-key");
    assertThatThrownBy(() -> ConfigLoader.fromMap(values, dir)).isInstanceOf(ConfigException.class)
        .as("docs/identity-protocol.md §6.4: every member must derive the same seeds")
        .hasMessageStartingWith("pow-seed-key: ");
  }

  private static Map<String, String> with(Map<String, String> values, String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return copy;
  }

  @Test
  void withoutClusterSelfTheServerIsTheSingleInstance() throws Exception {
    assertThat(ConfigLoader.fromMap(Map.of(), dir).cluster()).isEmpty();
  }

  @Test
  void readsTheMembersTheirRolesAndPinsAndTheDefaults() throws Exception {
    ClusterConfig cluster = ConfigLoader.fromMap(member("beta"), dir).cluster().orElseThrow();
    assertThat(cluster.me().role()).isEqualTo(MemberRole.PASSIVE);
    assertThat(cluster.me().certificatePin()).as("the sha256: prefix and upper case are accepted").isEqualTo(PIN_B);
    assertThat(cluster.raftListen()).as("binds its own member address by default")
        .isEqualTo(new HostPort("10.0.0.2", 9870));
    assertThat(cluster.members()).hasSize(3);
    assertThat(cluster.electionTimeout()).isEqualTo(ClusterConfig.DEFAULT_ELECTION_TIMEOUT);
    assertThat(cluster.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cluster.snapshotEvery()).isEqualTo(100_000);
  }

  @Test
  void refusesAClusterKeyWithoutClusterSelf() {
    assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("cluster-election-timeout", "1s"), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("set without cluster-self");
  }

  @Test
  void refusesFewerThanThreeMembers() {
    Map<String, String> values = member("alpha");
    values.remove("cluster-member.gamma");
    assertThatThrownBy(() -> ConfigLoader.fromMap(values, dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least three members");
  }

  @Test
  void refusesASelfThatIsNoMember() {
    assertThatThrownBy(() -> ConfigLoader.fromMap(member("delta"), dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no cluster-member.delta line");
  }

  @Test
  void refusesTwoMembersWithOneCertificate() {
    assertThatThrownBy(() -> ConfigLoader.fromMap(
        with(member("alpha"), "cluster-member.gamma", "witness 10.0.0.3:9870 " + PIN_A), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("same certificate");
  }

  @Test
  void refusesAMalformedMemberLine() {
    for (String line : new String[] {"active 10.0.0.3:9870", "leader 10.0.0.3:9870 " + PIN_C,
        "witness nowhere " + PIN_C, "witness 10.0.0.3:9870 1234"}) {
      assertThatThrownBy(() -> ConfigLoader.fromMap(with(member("alpha"), "cluster-member.gamma", line), dir))
          .as(line).isInstanceOf(ConfigException.class).hasMessageStartingWith("cluster-member.gamma");
    }
  }

  @Test
  void refusesAMemberWithoutKeyOrCertificate() {
    Map<String, String> values = member("alpha");
    values.remove("cluster-key");
    assertThatThrownBy(() -> ConfigLoader.fromMap(values, dir)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster-key");
  }

  @Test
  void refusesLimitsOutOfBounds() {
    List<Map.Entry<String, String>> bad = List.of(Map.entry("cluster-election-timeout", "50ms"),
        Map.entry("cluster-snapshot-every", "99"), Map.entry("cluster-log-segment-size", "1KiB"),
        Map.entry("cluster-max-healthy-lag", "-1"), Map.entry("cluster-max-writes-in-flight", "0"),
        Map.entry("cluster-max-writes-in-flight", "4097"));
    for (Map.Entry<String, String> entry : bad) {
      assertThatThrownBy(() -> ConfigLoader.fromMap(with(member("alpha"), entry.getKey(), entry.getValue()), dir))
          .as(entry.getKey()).isInstanceOf(ConfigException.class).hasMessageStartingWith(entry.getKey());
    }
  }
}

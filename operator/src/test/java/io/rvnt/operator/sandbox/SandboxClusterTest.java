package io.rvnt.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxClusterTest {
  private static final Pattern MEMBER_LINE =
      Pattern.compile("^cluster-member\\.(\\S+) = (\\S+) 127\\.0\\.0\\.1:(\\d+) ([0-9a-f]{64})$", Pattern.MULTILINE);

  @Test
  void everyMemberHasItsOwnConfigKeyAndCertificateAndTheSameMemberLinesAndSeedKey(@TempDir Path root)
      throws Exception {
    SandboxCluster cluster = SandboxCluster.plan(root, new FreePorts());
    cluster.write("register-pow-bits = 14\n", "onion-listen = 127.0.0.1:9\n", SandboxTest.FAKE_KEYS);

    List<String> memberLines = new ArrayList<>();
    for (SandboxCluster.Member member : SandboxCluster.MEMBERS) {
      String config = Files.readString(cluster.configFile(member), StandardCharsets.UTF_8);
      assertThat(config).as("%s: the sandbox's settings, then its own cluster settings", member.name())
          .startsWith("register-pow-bits = 14\n")
          .contains("cluster-self = " + member.name() + "\n",
              "cluster-key = " + root.resolve("cluster").resolve(member.name() + ".key") + "\n",
              "cluster-certificate = " + root.resolve("cluster").resolve(member.name() + ".crt") + "\n",
              "pow-seed-key = " + root.resolve("cluster").resolve("pow-seed.key") + "\n");
      assertThat(config.contains("onion-listen")).as("%s: only the active is behind the onion", member.name())
          .isEqualTo(member.role().equals("active"));
      Matcher m = MEMBER_LINE.matcher(config);
      List<String> lines = new ArrayList<>();
      while (m.find()) {
        lines.add(m.group());
      }
      assertThat(lines).as("%s lists all three members", member.name()).hasSize(3);
      if (memberLines.isEmpty()) {
        memberLines.addAll(lines);
      }
      assertThat(lines).as("the same lines on every member").isEqualTo(memberLines);
      assertThat(Files.getPosixFilePermissions(cluster.keyFile(member))).as("the key is the owner's alone")
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    assertThat(String.join("\n", memberLines)).as("roles and distinct Raft ports")
        .contains("identity-active = active", "identity-passive = passive", "identity-witness = witness");
    assertThat(memberLines.stream().map(l -> l.split(" ")[3]).distinct()).hasSize(3);
    Path seed = root.resolve("cluster").resolve("pow-seed.key");
    assertThat(Files.readString(seed).strip()).as("64 lowercase hex digits").matches("[0-9a-f]{64}");
    assertThat(Files.getPosixFilePermissions(seed)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(root.resolve("cluster"))).as("under a private folder")
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aLaterStartInTheSameFolderKeepsTheKeysAndTheRaftPortsTheLogRecorded(@TempDir Path root) throws Exception {
    AtomicInteger made = new AtomicInteger();
    MemberKeyMaker counting = (member, key, certificate) -> {
      made.incrementAndGet();
      return SandboxTest.FAKE_KEYS.generate(member, key, certificate);
    };
    SandboxCluster first = SandboxCluster.plan(root, new FreePorts());
    first.write("", "", counting);
    String before = Files.readString(root.resolve("cluster").resolve(SandboxCluster.MEMBERS_FILE));

    FreePorts ports = new FreePorts();
    SandboxCluster second = SandboxCluster.plan(root, ports);
    second.write("", "", counting);
    assertThat(made.get()).as("keys are made once").isEqualTo(3);
    assertThat(Files.readString(root.resolve("cluster").resolve(SandboxCluster.MEMBERS_FILE)))
        .as("same pins and ports").isEqualTo(before);
    for (SandboxCluster.Member member : SandboxCluster.MEMBERS) {
      assertThat(second.raftPort(member)).as("%s keeps its Raft port", member.name())
          .isEqualTo(first.raftPort(member));
    }
    for (int i = 0; i < 20; i++) {
      int next = ports.next();
      assertThat(SandboxCluster.MEMBERS.stream().map(second::raftPort)).as("no other listener gets a Raft port")
          .doesNotContain(next);
    }
  }

  @Test
  void aHalfWrittenSetUpIsMadeAgainWhole(@TempDir Path root) throws Exception {
    SandboxCluster cluster = SandboxCluster.plan(root, new FreePorts());
    LocalInstance.createPrivateDirectory(root.resolve("cluster"));
    // As if an earlier start stopped after the first key: no members file yet.
    SandboxTest.FAKE_KEYS.generate("identity-active", cluster.keyFile(SandboxCluster.MEMBERS.get(0)),
        cluster.certificateFile(SandboxCluster.MEMBERS.get(0)));
    cluster.write("", "", SandboxTest.FAKE_KEYS);
    assertThat(Files.readString(root.resolve("cluster").resolve(SandboxCluster.MEMBERS_FILE)))
        .as("every member pinned").contains("identity-active", "identity-passive", "identity-witness");
  }
}

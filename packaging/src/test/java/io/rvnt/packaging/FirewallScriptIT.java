package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.OverlayHost;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * firewall/rvnt-ufw.sh with a real UFW (issue 12, item 4), on an OverlayHost with a network namespace of its own, so
 * the rules are real netfilter rules that never reach this machine's. Input is checked before UFW is touched: a
 * mistyped range or role leaves the active firewall exactly as it was. Each test has its own host.
 */
class FirewallScriptIT {
  static final String SCRIPT = HostOverlay.BUNDLE + "/current/firewall/rvnt-ufw.sh";

  @TempDir Path dir;
  OverlayHost host;

  @BeforeEach
  void startHost() throws Exception {
    host = HostOverlay.withBundle(dir);
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  OverlayHost.Result ufw(String arguments) {
    return host.run(SCRIPT + " " + arguments);
  }

  /** What UFW enforces now: its status with every rule, and the kernel's input chain. */
  String enforced() {
    return host.require("ufw status verbose; iptables -S ufw-user-input");
  }

  @Test
  void opensTheRolesPortsAndSshOnTheGivenPortFromTheAllowlistOnly() {
    OverlayHost.Result applied = ufw("--ssh-port 2222 identity 198.51.100.0/24 2001:db8::/32");

    assertThat(applied.exit()).as(applied.output()).isZero();
    assertThat(applied.stdout()).startsWith("applied firewall (identity: 80/tcp 443/tcp open; SSH port 2222");
    String status = enforced();
    assertThat(status).contains("Status: active", "Default: deny (incoming), allow (outgoing)", "Logging: off")
        .containsPattern("2222/tcp +ALLOW IN +198\\.51\\.100\\.0/24")
        .containsPattern("2222/tcp +ALLOW IN +2001:db8::/32")
        .containsPattern("80/tcp +ALLOW IN +Anywhere").containsPattern("443/tcp +ALLOW IN +Anywhere")
        .contains("-A ufw-user-input -s 198.51.100.0/24 -p tcp -m tcp --dport 2222 -j ACCEPT");
    assertThat(status).as("SSH is open from the allowlist only, on its own port only")
        .doesNotContainPattern("2222/tcp +ALLOW IN +Anywhere").doesNotContainPattern("(?m)^22/tcp");
  }

  @Test
  void aMistypedRangeLeavesTheActiveFirewallAsItWas() {
    assertThat(ufw("--ssh-port 2222 bootstrap 198.51.100.0/24").exit()).isZero();
    String before = enforced();

    for (String typo : new String[] {"198.51.100.0/33", "198.51.1000.0/24", "198.51.100.0", "2001:db8:::/32"}) {
      OverlayHost.Result refused = ufw("--ssh-port 2222 bootstrap 198.51.100.0/24 " + typo);
      assertThat(refused.exit()).as(typo + ": " + refused.output()).isEqualTo(2);
      assertThat(refused.stderr()).contains("'" + typo + "' is not an IPv4 or IPv6 network");
      assertThat(enforced()).as("after refusing " + typo + " the firewall is untouched").isEqualTo(before);
    }
  }

  @Test
  void anUnknownRoleOrPortLeavesTheActiveFirewallAsItWas() {
    assertThat(ufw("bootstrap 198.51.100.0/24").exit()).isZero();
    String before = enforced();

    OverlayHost.Result role = ufw("bootstarp 198.51.100.0/24");
    assertThat(role.exit()).isEqualTo(2);
    assertThat(role.stderr()).contains("unknown role 'bootstarp' (identity, identity-witness, bootstrap, relay)");
    OverlayHost.Result port = ufw("--ssh-port 22x bootstrap 198.51.100.0/24");
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.stderr()).contains("--ssh-port must be a number from 1 to 65535");
    OverlayHost.Result none = ufw("bootstrap");
    assertThat(none.exit()).as("no allowlist would lock SSH out").isEqualTo(2);
    assertThat(enforced()).isEqualTo(before);
  }

  @Test
  void theSameInputTwiceChangesNothingAndAHandMadeChangeIsUndone() {
    assertThat(ufw("identity 198.51.100.0/24").exit()).isZero();
    String before = enforced();

    OverlayHost.Result again = ufw("identity 198.51.100.0/24");
    assertThat(again.stdout()).as(again.output()).startsWith("unchanged firewall");
    assertThat(enforced()).isEqualTo(before);

    host.require("ufw allow 8080/tcp");
    OverlayHost.Result repaired = ufw("identity 198.51.100.0/24");
    assertThat(repaired.stdout()).as("a rule added by hand is noticed").startsWith("applied firewall");
    assertThat(enforced()).isEqualTo(before);
  }

  @Test
  void aWitnessOpensNothingToTheWorldAndItsRaftPortToTheOtherMembersOnly() {
    host.write("/etc/rvnt/identity-witness.conf", String.join("\n",
        "admin-listen = 127.0.0.1:9090",
        "cluster-self = gamma",
        "cluster-member.alpha = active 192.0.2.11:9870 " + "a".repeat(64),
        "cluster-member.beta = passive [2001:db8::12]:9870 " + "b".repeat(64),
        "cluster-member.gamma = witness 192.0.2.13:9871 " + "c".repeat(64), ""), "0640");

    OverlayHost.Result applied = ufw("--ssh-port 2222 identity-witness 198.51.100.0/24");

    assertThat(applied.exit()).as(applied.output()).isZero();
    assertThat(applied.stdout()).startsWith("applied firewall (identity-witness: nothing open to the world; Raft port "
        + "9871 from 192.0.2.11 2001:db8::12; SSH port 2222");
    String status = enforced();
    assertThat(status).as("the Raft port, from each other member")
        .containsPattern("9871/tcp +ALLOW IN +192\\.0\\.2\\.11")
        .containsPattern("9871/tcp +ALLOW IN +2001:db8::12");
    assertThat(status).as("nothing else but SSH from the allowlist; never the witness's own address or the world")
        .doesNotContain("192.0.2.13").doesNotContainPattern("9871/tcp +ALLOW IN +Anywhere")
        .doesNotContainPattern("(?m)^(80|443)/tcp");
  }

  @Test
  void aMemberGivenByNameLeavesTheActiveFirewallAsItWas() {
    assertThat(ufw("identity 198.51.100.0/24").exit()).isZero();
    String before = enforced();
    host.write("/etc/rvnt/identity.conf", String.join("\n",
        "cluster-self = alpha",
        "cluster-member.alpha = active 192.0.2.11:9870 " + "a".repeat(64),
        "cluster-member.beta = passive id-b.example:9870 " + "b".repeat(64),
        "cluster-member.gamma = witness 192.0.2.13:9870 " + "c".repeat(64), ""), "0640");

    OverlayHost.Result refused = ufw("identity 198.51.100.0/24");

    assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
    assertThat(refused.stderr()).contains("cluster-member.beta: id-b.example is not an IP address");
    assertThat(enforced()).as("the firewall is untouched").isEqualTo(before);
  }
}

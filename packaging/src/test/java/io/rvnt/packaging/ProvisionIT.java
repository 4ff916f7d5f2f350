package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.OverlayHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh provision in systemd mode on a stock Debian host (issue 12, items 3, 4, 5, 6 and 8): this machine's
 * root under an overlay with its own network namespace, a real nginx -t, UFW, sysctl and fail2ban configuration, a
 * stand-in for systemctl (OverlayHost). Each test provisions its own host.
 */
class ProvisionIT {
  static final String SITE = "/etc/nginx/sites-available/rvnt-identity";
  static final String SHIPPED_NAME = "identity.rvntos.io";

  @TempDir Path dir;
  OverlayHost host;

  @AfterEach
  void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  OverlayHost.Result provision(String arguments) throws Exception {
    if (host == null) {
      host = HostOverlay.withBundle(dir);
    }
    return host.run(HostOverlay.install("provision " + arguments));
  }

  static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Test
  void withoutACertificateProvisionFailsNamingNginxYetDoesEveryOtherStep() throws Exception {
    OverlayHost.Result result = provision("--role identity");

    assertThat(result.exit()).as("a host that cannot serve TLS is not provisioned: %s", result.output())
        .isEqualTo(1);
    assertThat(lastLine(result.stderr())).as("the last line says which step failed and what to do")
        .startsWith("provision failed: nginx: TLS site rvnt-identity not enabled: /etc/letsencrypt/live/"
            + SHIPPED_NAME + "/fullchain.pem is missing")
        .contains("certbot certonly --webroot -w /var/www/letsencrypt -d " + SHIPPED_NAME);
    assertThat(result.stdout()).as("no success line").doesNotContain("provisioned identity");
    assertThat(host.systemctlCalls()).as("the other steps still ran: nginx serves port 80 for the ACME challenge")
        .contains("reload-or-restart nginx", "reload-or-restart tor", "reload-or-restart fail2ban",
            "enable --quiet rvnt-identity.service");
    assertThat(host.run("readlink /etc/nginx/sites-enabled/rvnt-identity-http").stdout().strip())
        .isEqualTo("../sites-available/rvnt-identity-http");
  }

  @Test
  void aFailingReloadFailsTheProvisionAndTheOtherStepsStillRun() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, SHIPPED_NAME);
    host.write("/etc/overlay-host/systemctl-fails", "reload-or-restart tor\n", "0644");

    OverlayHost.Result result = provision("--role identity");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(lastLine(result.stderr())).startsWith("provision failed: tor: `systemctl reload-or-restart tor`");
    assertThat(host.systemctlCalls()).contains("reload-or-restart nginx", "reload-or-restart fail2ban");
  }

  @Test
  void keepsTheOperatorsEditsToTheNginxSitesAndTheConfig() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, SHIPPED_NAME);
    assertThat(provision("--role identity").exit()).isZero();
    // The operator's host name and certificate, and a setting of their own.
    host.require("sed -i 's/" + SHIPPED_NAME + "/id.example.org/g' " + SITE + " " + SITE + "-http"
        + " && echo 'log-level = error' >>/etc/rvnt/identity.conf");
    HostOverlay.certificate(host, "id.example.org");
    String site = host.require("cat " + SITE);
    String config = host.require("cat /etc/rvnt/identity.conf");

    OverlayHost.Result again = provision("--role identity");

    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(host.require("cat " + SITE)).as("the edited site is kept").isEqualTo(site);
    assertThat(host.require("cat /etc/rvnt/identity.conf")).as("the edited config is kept").isEqualTo(config);
    assertThat(again.stdout()).contains("kept " + SITE + " (edited on this host)");
    assertThat(host.require("cat " + SITE + ".rvnt-new")).as("the shipped version is left beside it")
        .contains("server_name " + SHIPPED_NAME + ";");
    assertThat(host.run("nginx -t -q").ok()).as("the operator's site is the one nginx loads").isTrue();
  }

  @Test
  void aSecondProvisionChangesNothingWithOrWithoutAdminRanges() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, SHIPPED_NAME);
    OverlayHost.Result first = provision("--role identity --admin-cidr 198.51.100.0/24");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(lastLine(first.stdout())).matches("provisioned identity \\(systemd\\): \\d+ changes");

    OverlayHost.Result second = provision("--role identity --admin-cidr 198.51.100.0/24");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(lastLine(second.stdout())).as(second.stdout())
        .isEqualTo("provisioned identity (systemd): nothing changed");
    assertThat(second.stdout()).as("the firewall is not rebuilt").contains("unchanged firewall")
        .doesNotContain("applied firewall");

    OverlayHost.Result third = provision("--role identity");
    assertThat(lastLine(third.stdout())).as("without --admin-cidr the firewall is left as it is, no change")
        .isEqualTo("provisioned identity (systemd): nothing changed");
    assertThat(host.require("grep '^ignoreip' /etc/fail2ban/jail.d/rvnt-sshd.local").strip())
        .as("nor does fail2ban forget the admin range").isEqualTo("ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24");
  }

  @Test
  void provisionsOnAKernelWithoutYama() throws Exception {
    host = HostOverlay.withBundle(dir);
    assertThat(host.run("test -e /proc/sys/kernel/yama").ok()).as("OverlayHost's kernel has no Yama").isFalse();

    OverlayHost.Result result = provision("--role bootstrap");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(host.require("cat /proc/sys/kernel/kptr_restrict /proc/sys/net/ipv4/tcp_syncookies"))
        .as("the other kernel settings are applied").isEqualTo("2\n1\n");
  }

  @Test
  void theFail2banJailNeverBansTheAdminRanges() throws Exception {
    OverlayHost.Result result = provision("--role bootstrap --admin-cidr 198.51.100.0/24 --admin-cidr 2001:db8::/32");
    assertThat(result.exit()).as(result.output()).isZero();
    String jail = host.require("fail2ban-client -d 2>/dev/null");
    assertThat(jail).as("fail2ban itself reads the shipped jail with the admin ranges ignored")
        .contains("['set', 'sshd', 'addignoreip', '127.0.0.1/8', '::1', '198.51.100.0/24', '2001:db8::/32']")
        .contains("['set', 'sshd', 'maxretry', 5]");
  }

  @Test
  void theFirewallAllowsSshOnTheInventorysPortFromTheAdminRangesOnly() throws Exception {
    OverlayHost.Result result = provision("--role bootstrap --ssh-port 2222 --admin-cidr 198.51.100.0/24");
    assertThat(result.exit()).as(result.output()).isZero();
    String rules = host.require("ufw status");
    assertThat(rules).contains("Status: active").containsPattern("2222/tcp +ALLOW +198\\.51\\.100\\.0/24")
        .containsPattern("4001/tcp +ALLOW +Anywhere").containsPattern("4001/udp +ALLOW +Anywhere");
    assertThat(rules).as("no port 22 when SSH listens elsewhere").doesNotContainPattern("(?m)^22[/ ]");
  }

  @Test
  void aMistypedAdminRangeChangesNothingOnTheHost() throws Exception {
    OverlayHost.Result result = provision("--role identity --admin-cidr 198.51.100.0/33");
    assertThat(result.exit()).as(result.output()).isEqualTo(2);
    assertThat(result.stderr()).contains("'198.51.100.0/33' is not an IPv4 or IPv6 network");
    assertThat(host.run("test -e /opt/rvnt").ok()).as("nothing was installed").isFalse();
    assertThat(host.systemctlCalls()).isEmpty();
  }

  @Test
  void aSiteThatWritesARequestLogFailsTheProvision() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, SHIPPED_NAME);
    host.write("/etc/nginx/sites-enabled/leaky", "server {\n    listen 8089;\n"
        + "    access_log /var/log/nginx/leaky.log;\n}\n", "0644");

    OverlayHost.Result result = provision("--role identity");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(lastLine(result.stderr())).as("RVNT hosts keep no request logs")
        .startsWith("provision failed: nginx: a site writes a log")
        .contains("/etc/nginx/sites-enabled/leaky").contains("access_log /var/log/nginx/leaky.log");
    assertThat(host.systemctlCalls()).as("nginx is not reloaded with it").doesNotContain("reload-or-restart nginx");
  }

  @Test
  void removesDebiansDefaultSiteAndEarlierRequestLogs() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, SHIPPED_NAME);
    host.write("/var/log/nginx/access.log.1", "192.0.2.7 - - [01/Dec/2026] \"GET / HTTP/1.1\" 200 615\n", "0640");
    assertThat(host.run("test -L /etc/nginx/sites-enabled/default").ok()).as("a stock Debian nginx").isTrue();

    OverlayHost.Result result = provision("--role identity");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(host.run("test -e /etc/nginx/sites-enabled/default").ok()).isFalse();
    assertThat(host.run("test -e /var/log/nginx/access.log.1").ok()).as("old request logs name clients").isFalse();
    assertThat(Files.readString(host.upper().resolve("etc/nginx/conf.d/rvnt-no-logs.conf")))
        .contains("access_log off;", "error_log /dev/null;");
  }
}

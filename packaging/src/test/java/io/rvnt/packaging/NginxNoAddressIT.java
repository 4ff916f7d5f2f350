package io.rvnt.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.OverlayHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No address reaches the disk through nginx on a stock Debian host (issue 12, item 2). An OverlayHost (this machine's
 * Debian with its stock /etc/nginx, under an overlay, with a network of its own) provisioned by install.sh as an
 * identity host, nginx run as Debian's unit runs it (its stock nginx.conf, as root, in the foreground), requests from
 * client addresses of the documentation ranges over IPv4 and IPv6: by address, to the default server, malformed,
 * erroneous (upstream down, body too large, rate limited, a header too large), TLS and plain text on the TLS port,
 * HTTP/2 attempts. Then every file the host wrote, and nginx's own output, is searched for those addresses.
 */
class NginxNoAddressIT {
  static final String V4 = "192.0.2.77";
  static final String V6 = "2001:db8::77";

  @TempDir Path dir;
  OverlayHost host;
  Path nginxOutput;

  @BeforeEach
  void provisionAndStartNginx() throws Exception {
    host = HostOverlay.withBundle(dir);
    HostOverlay.certificate(host, "identity.rvntos.io");
    OverlayHost.Result provisioned = host.run(HostOverlay.install("provision --role identity"));
    assertThat(provisioned.exit()).as(provisioned.output()).isZero();
    host.require("ip addr add " + V4 + "/32 dev lo && ip -6 addr add " + V6 + "/128 dev lo nodad"
        + " && mkdir -p /var/www/letsencrypt/.well-known/acme-challenge"
        + " && echo token >/var/www/letsencrypt/.well-known/acme-challenge/t1"
        + " && head -c 40000 /dev/zero >/root/body-40k");
    nginxOutput = dir.resolve("nginx-output");
    // As nginx.service runs it: the stock nginx.conf, as root; its output is what the journal would get.
    host.launch("exec nginx -g 'daemon off; master_process on;'", nginxOutput);
    Await.until(Duration.ofSeconds(60), "nginx answers on port 80 and 443 inside the host",
        () -> host.run("curl -s -o /dev/null http://" + V4 + "/ && curl -sk -o /dev/null https://" + V4 + "/")
            .ok());
  }

  @AfterEach
  void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  /** curl from the client address {@code from}; the HTTP version and status of each request it made. */
  List<String> curl(String from, String arguments) {
    return host.run("curl -sk --max-time 20 --interface " + from + " -o /dev/null -w '%{http_version} %{http_code}\\n' "
        + arguments).stdout().lines().toList();
  }

  /** Raw bytes to {@code port}: what a scanner or a broken client sends. */
  void raw(String to, int port, String bytes) {
    host.run("timeout 10 bash -c 'exec 3<>/dev/tcp/" + to + "/" + port + "; printf \"" + bytes
        + "\" >&3; cat <&3 >/dev/null' || true");
  }

  @Test
  void noRequestOfAnyKindLeavesAnAddressOnTheHost() throws Exception {
    List<String> seen = new ArrayList<>();
    List<String> http2 = new ArrayList<>();
    String big = "a".repeat(9_000);
    for (String client : List.of(V4, V6)) {
      String at = client.contains(":") ? "[" + client + "]" : client;
      seen.addAll(curl(client, "-g http://" + at + "/"));
      seen.addAll(curl(client, "-g http://" + at + "/.well-known/acme-challenge/t1"));
      seen.addAll(curl(client, "-g http://" + at + "/.well-known/acme-challenge/missing"));
      seen.addAll(curl(client, "-g -H 'Host: scanner.example' http://" + at + "/wp-login.php"));
      seen.addAll(curl(client, "-g https://" + at + "/v1/bundle/alice"));
      seen.addAll(curl(client, "-g --data-binary @/root/body-40k https://" + at + "/v1/register"));
      seen.addAll(curl(client, "-g -H 'X-Big: " + big + "' https://" + at + "/v1/bundle/alice"));
      http2.addAll(curl(client, "-g --http2 https://" + at + "/v1/prekey-count"));
      http2.addAll(curl(client, "-g --http2 -H 'X-Big: " + big + "' https://" + at + "/v1/bundle/alice"));
      curl(client, "-g --http2-prior-knowledge http://" + at + "/");
      // One connection, many requests: faster than 10 per second, so the rate limit answers (and would log).
      String many = String.join(" ", Collections.nCopies(80, "https://" + at + "/v1/prekey-count"));
      seen.addAll(curl(client, "-g " + many));
    }
    // Malformed request lines, plain text to the TLS port, a TLS hello to the plain port.
    raw(V4, 80, "BREW /\\\\x01 HTCPCP/1.0\\\\r\\\\n\\\\r\\\\n");
    raw(V4, 80, "GET / HTTP/1.1\\\\r\\\\nHost: \\\\r\\\\n\\\\r\\\\n");
    raw(V4, 443, "GET / HTTP/1.1\\\\r\\\\nHost: identity.rvntos.io\\\\r\\\\n\\\\r\\\\n");
    raw(V4, 80, "\\\\x16\\\\x03\\\\x01\\\\x00\\\\x05hello");
    host.run("openssl s_client -connect " + V4 + ":443 -servername nobody.example </dev/null >/dev/null 2>&1");

    assertThat(seen).as("the requests reached nginx: redirects, ACME, errors, refusals, rate limiting")
        .contains("1.1 301", "1.1 200", "1.1 404", "1.1 502", "1.1 413", "1.1 400", "1.1 429");
    assertThat(http2).as("HTTP/2 is not offered, so its header limits cannot differ from HTTP/1.1's; a 9,000-byte "
        + "header is refused as over HTTP/1.1").containsExactly("1.1 502", "1.1 400", "1.1 502", "1.1 400");

    host.run("nginx -s quit");
    Await.until(Duration.ofSeconds(30), "nginx stops", () -> !host.run("pgrep -x nginx").ok());
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(host.upper())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (mentionsAClient(file)) {
          leaks.add(host.upper().relativize(file).toString());
        }
      }
    }
    if (mentionsAClient(nginxOutput)) {
      leaks.add("nginx's own output (the journal)");
    }
    assertThat(leaks).as("no file the host wrote, and nothing nginx printed, holds a client's address").isEmpty();
  }

  @Test
  void everyLogDirectiveOfTheLoadedConfigurationIsOffOrDevNull() {
    String config = host.require("nginx -T 2>/dev/null");
    List<String> logging = new ArrayList<>();
    String file = "";
    for (String line : config.lines().toList()) {
      if (line.startsWith("# configuration file ")) {
        file = line.substring("# configuration file ".length(), line.length() - 1);
        continue;
      }
      String directive = line.replaceAll("#.*", "").strip();
      if (directive.startsWith("access_log ") || directive.startsWith("error_log ")) {
        logging.add(file + ": " + directive);
      }
    }
    assertThat(logging).as("request logs: off everywhere; the stock nginx.conf's access.log silenced at its level")
        .contains("/etc/nginx/conf.d/rvnt-no-logs.conf: access_log off;",
            "/etc/nginx/conf.d/rvnt-no-logs.conf: error_log /dev/null;")
        .allSatisfy(l -> assertThat(l).matches(".*: (access_log off;|error_log /dev/null;)"
            + "|/etc/nginx/nginx.conf: (access_log /var/log/nginx/access.log;|error_log /var/log/nginx/error.log;)"));
    assertThat(host.run("test -e /etc/nginx/sites-enabled/default").ok())
        .as("Debian's catch-all default site is gone").isFalse();
  }

  private static boolean mentionsAClient(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    return text.contains(V4) || text.contains(V6) || text.contains("2001:0db8:0000:0000:0000:0000:0000:0077");
  }
}

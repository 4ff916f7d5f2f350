package io.rvnt.packaging;

import io.rvnt.testsupport.LoopbackPorts;
import io.rvnt.testsupport.NginxProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shipped TLS site (packaging/nginx/rvnt-identity.conf) served by test-support's {@link NginxProcess}, with only
 * what a test machine needs changed: the listen address, the TLS lines and the upstream port.
 */
final class Nginx {
  private Nginx() {}

  /** The shipped TLS site with its listener moved to a loopback test port and the upstream at {@code upstreamPort}. */
  static String testSite(String shipped, int httpsPort, int upstreamPort) {
    String site = shipped;
    // TLS needs a Let's Encrypt certificate; what is under test is everything that reaches the upstream.
    // NginxNoAddressIT runs the site as installed, with TLS.
    site = replaceOnce(site, "    listen 443 ssl;\n", "    listen 127.0.0.1:" + httpsPort + ";\n");
    site = replaceOnce(site, "    listen [::]:443 ssl;\n", "");
    site = site.replaceAll("(?m)^    ssl_.*\\n", "");
    site = replaceOnce(site, "    server 127.0.0.1:8080;\n", "    server 127.0.0.1:" + upstreamPort + ";\n");
    return site;
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("the shipped site must contain exactly one '" + from.strip() + "'");
    }
    return text.replace(from, to);
  }

  /** nginx in {@code prefix} serving the shipped site in front of {@code upstreamPort}; its port is the HTTPS one. */
  static NginxProcess start(Path prefix, int upstreamPort) throws IOException {
    int port = LoopbackPorts.free();
    String site = testSite(Files.readString(Shipped.file("nginx/rvnt-identity.conf")), port, upstreamPort);
    Path siteFile = prefix.resolve("rvnt-identity.conf");
    Files.writeString(siteFile, site);
    return NginxProcess.start(prefix, siteFile, port);
  }

  /** For the tests that took their free ports from here: the one helper is {@link LoopbackPorts#free()}. */
  static int freePort() {
    return LoopbackPorts.free();
  }
}

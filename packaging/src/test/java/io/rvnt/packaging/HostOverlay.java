package io.rvnt.packaging;

import io.rvnt.testsupport.OverlayHost;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The built bundle unpacked on an {@link OverlayHost} (a throwaway Debian host made of this machine), where
 * install.sh can run in systemd mode against a stock /etc, a real nginx, UFW and sysctl, without touching the machine.
 */
final class HostOverlay {
  /** Where the bundle is unpacked inside the host. */
  static final String BUNDLE = "/root/bundle";

  private HostOverlay() {}

  /** A host with its own network (UFW and nginx stay inside), the bundle unpacked in {@link #BUNDLE}. */
  static OverlayHost withBundle(Path dir) throws IOException, InterruptedException {
    OverlayHost host = OverlayHost.startIsolated(dir);
    try {
      host.require("mkdir -p " + BUNDLE + " && tar -xzf " + Shipped.bundle() + " -C " + BUNDLE
          + " && ln -s \"$(ls -d " + BUNDLE + "/rvnt-*)\" " + BUNDLE + "/current");
      return host;
    } catch (RuntimeException | Error e) {
      host.close();
      throw e;
    }
  }

  /** install.sh of the unpacked bundle, with {@code arguments}. */
  static String install(String arguments) {
    return BUNDLE + "/current/install.sh " + arguments;
  }

  /** A self-signed certificate where the shipped nginx site expects Let's Encrypt's for {@code name}. */
  static void certificate(OverlayHost host, String name) {
    String live = "/etc/letsencrypt/live/" + name;
    host.require("mkdir -p " + live + " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name
        + " -keyout " + live + "/privkey.pem -out " + live + "/fullchain.pem 2>/dev/null");
  }
}

package io.rvnt.remote.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/** What an OpenSSH known_hosts file says about a host's key (read only; RVNT never writes it). */
final class KnownHosts {
  enum Verdict { MATCHES, DIFFERS, ABSENT }

  private KnownHosts() {}

  static Verdict check(Path file, String address, int port, PublicKey key) throws IOException {
    if (file == null || !Files.isReadable(file)) {
      return Verdict.ABSENT;
    }
    OpenSSHKnownHosts known = new OpenSSHKnownHosts(new File(file.toString()));
    String name = port == 22 ? address : "[" + address + "]:" + port;
    KeyType type = KeyType.fromKey(key);
    boolean seen = false;
    for (KnownHostEntry entry : known.entries()) {
      if (entry.appliesTo(type, name)) {
        if (entry.verify(key)) {
          return Verdict.MATCHES;
        }
        seen = true;
      }
    }
    return seen ? Verdict.DIFFERS : Verdict.ABSENT;
  }
}

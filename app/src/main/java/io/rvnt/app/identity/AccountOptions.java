package io.rvnt.app.identity;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Whose keys: the username and the keystore holding its private keys. */
final class AccountOptions {
  @Option(
      names = "--username",
      required = true,
      paramLabel = "NAME",
      description = "Your username (lowercased; 3-32 of a-z, 0-9 and _, starting with a letter).")
  String username;

  @Option(
      names = "--keystore",
      paramLabel = "DIR",
      description = "Keystore directory (default: $XDG_DATA_HOME/rvnt/keystore or ~/.local/share/rvnt/keystore).")
  Path keystore;

  Path keystoreOrDefault() {
    return keystore != null ? keystore : IdentitySupport.defaultKeystore(System.getenv("XDG_DATA_HOME"),
        System.getProperty("user.home"));
  }
}
